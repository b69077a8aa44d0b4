import { describe, expect, it } from 'vitest';
import { dateFromFileName } from './file-name-date.js';

const at = (name: string): string | null => {
  const r = dateFromFileName(name);
  if (!r) return null;
  const w = r.wall;
  const p = (n: number, l = 2): string => String(n).padStart(l, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)}.${p(w.millisecond, 3)}${r.dateOnly ? ' date-only' : ''}`;
};

describe('dateFromFileName', () => {
  it('reads phone camera names', () => {
    expect(at('IMG_20190521_104552.jpg')).toBe('2019-05-21 10:45:52.000');
    expect(at('VID_20190521_104552.mp4')).toBe('2019-05-21 10:45:52.000');
    expect(at('PXL_20190521_104552123.jpg')).toBe('2019-05-21 10:45:52.123');
    expect(at('PXL_20190521_104552123.MP.jpg')).toBe('2019-05-21 10:45:52.123');
    expect(at('20190521_104552.jpg')).toBe('2019-05-21 10:45:52.000');
    expect(at('IMG_20190521_104552_HDR.jpg')).toBe('2019-05-21 10:45:52.000');
    expect(at('/photos/2019/20190521_104552(1).jpg')).toBe('2019-05-21 10:45:52.000');
  });

  it('reads screenshots and camera-upload names', () => {
    expect(at('Screenshot 2019-05-21 at 10.45.52.png')).toBe('2019-05-21 10:45:52.000');
    expect(at('photoprism__Screenshot_2019-05-21_at_10.45.52.png')).toBe('2019-05-21 10:45:52.000');
    expect(at('Screenshot 2023-01-05 at 3.45.12 PM.png')).toBe('2023-01-05 15:45:12.000');
    expect(at('Screen Shot 2023-01-05 at 12.05.00 AM.png')).toBe('2023-01-05 00:05:00.000');
    expect(at('2019-05-21 10.45.52.jpg')).toBe('2019-05-21 10:45:52.000');
    expect(at('Screenshot_2019-05-21-10-45-52.png')).toBe('2019-05-21 10:45:52.000');
  });

  it('reads the day of WhatsApp files and marks it date-only', () => {
    expect(at('IMG-20190521-WA0001.jpg')).toBe('2019-05-21 12:00:00.000 date-only');
    expect(at('VID-20190521-WA0012.mp4')).toBe('2019-05-21 12:00:00.000 date-only');
  });

  it('does not invent dates', () => {
    expect(at('IMG_1234.JPG')).toBeNull();
    expect(at('DSC_20191399_104552.jpg')).toBeNull();
    expect(at('20190521_256161.jpg')).toBeNull();
    expect(at('holiday.jpg')).toBeNull();
    expect(at('120190521_1045521234.jpg')).toBeNull();
  });
});
