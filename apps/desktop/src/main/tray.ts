// Tray icon: the app keeps watching folders with its window closed; the tray brings it back.
import { Menu, Tray, nativeImage } from 'electron';

// A 16x16 accent-coloured ring (PNG), so packaging needs no icon file to start.
const ICON =
  'data:image/png;base64,' +
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAACXBIWXMAAAsTAAALEwEAmpwYAAAA8klE' +
  'QVR4nLWSPQ7CMAyFw0hHkJhggRNQDkB2SpiQQCRrtyISs/cmCCjX4+8ERgmiNElpGcDSk6pW77Ofa0L+' +
  'URinAa4UQ6EUcpDmOU6DeiMhDRQAyOGKAtCSfqdhhDSqzCfP6IOyUgjqznXmXNuNn5nbY98WCe4pM7ov' +
  'EwegLjiXzTeAw9Q1D3t9bLU7RmG370NWMCkA1Lb4cTee5uaX9CTOFOpj/j1lHuBIZ+4yZWWEsPuOMOoN' +
  'aiLE/hK14UCZkWfmcLaWqMscybe/kcOalB4Sh+wLwKH6Gs0k6lLS9aw7fzRboLlsolCRgT2BkZf5V/UA' +
  'kAGHVz08JeIAAAAASUVORK5CYII=';

export function createTray(actions: { show: () => void; quit: () => void }): Tray {
  const tray = new Tray(nativeImage.createFromDataURL(ICON));
  tray.setToolTip('Encore');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Encore', click: actions.show },
      { type: 'separator' },
      { label: 'Quit', click: actions.quit },
    ]),
  );
  tray.on('click', actions.show);
  return tray;
}
