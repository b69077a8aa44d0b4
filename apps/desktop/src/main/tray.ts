// Tray icon: the app keeps watching folders with its window closed; the tray brings it back.
import { Menu, Tray, nativeImage } from 'electron';

// A 16x16 accent-coloured dot, so packaging needs no icon file to start.
const ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAQklEQVR4nGNgGAWDHzAyMPz/z8DA8B9dgpGBgRGbOC7AQq4L' +
  'RvHAQQYGBgYGJlwKcIFRA0bBaCwMDWBgYPj/n4HhPwBGsggJzGCnSgAAAABJRU5ErkJggg==';

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
