// Scenario generator for bench:match. The catalog is built from the real setlist.fm responses
// in ../shared/fixtures/setlistfm (venues, cities, GeoNames ids, line-ups, setlists), repeated
// 52 weeks apart to reach scale, plus variations: a festival with a full line-up, a second real
// venue in the same city on the same night, shows on DST nights, shows nobody attended.
// A synthetic photographer living in Berlin attends most shows with a phone (GPS), sometimes
// with a second camera (no GPS on home time, or an hour off), goes sightseeing before shows,
// takes trips without concerts and photographs everyday life. Every photo carries its truth:
// the show it was taken at, or null.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { distanceKm, reverseGeocode } from '../packages/core/dist/metadata/geocoder.js';
import {
  formatLocal,
  formatUtc,
  offsetAt,
  zonedWallToUtc,
  zoneAtPosition,
} from '../packages/core/dist/metadata/time-zone.js';
import { REPO_ROOT } from './lib.js';

export const SETLISTFM_DIR = path.resolve(REPO_ROOT, '../shared/fixtures/setlistfm');
const GAZETTEER = path.join(REPO_ROOT, 'packages/core/data/cities.tsv.gz');
const HOME = { lat: 52.52, lon: 13.405, zone: 'Europe/Berlin' };
const DAY = 86_400_000;
const MIN = 60_000;
/** A rival show this close (km, city centre to the venue) cannot be told apart from city data. */
export const INDISTINGUISHABLE_KM = 25;

/** Deterministic PRNG (mulberry32), so every run sees the same timelines. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const between = (lo, hi) => lo + next() * (hi - lo);
  return {
    between,
    int: (lo, hi) => Math.floor(between(lo, hi + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    shuffle: (list) =>
      list
        .map((x) => [next(), x])
        .sort((a, b) => a[0] - b[0])
        .map((p) => p[1]),
  };
}

const addDays = (date, n) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** UTC ms of a local wall time (fractional hours allowed, > 24 = next day) in a zone. */
function at(date, hours, zone) {
  const d = addDays(date, Math.floor(hours / 24));
  const h = hours % 24;
  const [year, month, day] = d.split('-').map(Number);
  const wall = {
    year,
    month,
    day,
    hour: Math.floor(h),
    minute: Math.floor((h % 1) * 60),
    second: 0,
    millisecond: 0,
  };
  return zonedWallToUtc(wall, zone).utcMs;
}

/** Every setlist in the fixtures, once (by setlist.fm id). */
export function readSetlists(dir = SETLISTFM_DIR) {
  const seen = new Map();
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const body = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const list = Array.isArray(body.setlist)
      ? body.setlist
      : body.venue && body.artist
        ? [body]
        : [];
    for (const s of list) if (!seen.has(s.id)) seen.set(s.id, s);
  }
  return [...seen.values()];
}

/** GeoNames id -> position from the engine's gazetteer (setlist.fm's coords are sometimes off). */
function gazetteerPoints(ids) {
  const out = new Map();
  for (const line of zlib.gunzipSync(fs.readFileSync(GAZETTEER)).toString('utf8').split('\n')) {
    const cols = line.split('\t');
    if (ids.has(Number(cols[2])))
      out.set(Number(cols[2]), { lat: cols[0] / 1e5, lon: cols[1] / 1e5 });
  }
  return out;
}

function readVenues(setlists, r) {
  const venues = new Map();
  // Venues of the setlists, plus the real venues of the venue search (second halls in a city).
  const searched = JSON.parse(
    fs.readFileSync(path.join(SETLISTFM_DIR, 'search_venues_200.json'), 'utf8'),
  );
  for (const v of [...setlists.map((s) => s.venue), ...searched.venue]) {
    if (venues.has(v.id)) continue;
    venues.set(v.id, {
      setlistfmId: v.id,
      name: v.name,
      cityName: v.city?.name ?? null,
      cityGeonameId: v.city?.id ? Number(v.city.id) : null,
      country: v.city?.country?.code ?? null,
      cityLat: v.city?.coords?.lat ?? null,
      cityLon: v.city?.coords?.long ?? null,
      lat: null,
      lon: null,
    });
  }
  const points = gazetteerPoints(new Set([...venues.values()].map((v) => v.cityGeonameId)));
  for (const v of venues.values()) {
    const city =
      points.get(v.cityGeonameId) ??
      (v.cityLat !== null ? { lat: v.cityLat, lon: v.cityLon } : null);
    if (!city) continue; // no city at all: nobody can find this venue
    const km = r.chance(0.1) ? r.between(12, 22) : r.between(0.5, 12);
    const bearing = r.between(0, 2 * Math.PI);
    v.city = city;
    v.true = {
      lat: city.lat + (km / 111.2) * Math.cos(bearing),
      lon: city.lon + (km / (111.2 * Math.cos((city.lat * Math.PI) / 180))) * Math.sin(bearing),
    };
    v.zone = zoneAtPosition(city.lat, city.lon) ?? 'UTC';
    // Some users pinned their venues: then two venues in one city can be told apart.
    if (r.chance(0.08)) [v.lat, v.lon] = [v.true.lat, v.true.lon];
  }
  return venues;
}

/** Real shows: setlists merged by venue and date, artists in setlist.fm's order. */
function realShows(setlists) {
  const shows = new Map();
  for (const s of setlists) {
    const [d, m, y] = s.eventDate.split('-');
    const key = `${s.venue.id}|${s.eventDate}`;
    let show = shows.get(key);
    if (!show) {
      show = {
        venueId: s.venue.id,
        date: `${y}-${m}-${d}`,
        artists: [],
        setlists: [],
        tour: s.tour?.name ?? null,
      };
      shows.set(key, show);
    }
    if (!show.artists.some((a) => a.name === s.artist.name))
      show.artists.push({ name: s.artist.name, mbid: s.artist.mbid ?? null });
    const songs = (s.sets?.set ?? []).flatMap((set, i) =>
      (set.song ?? []).map((song) => ({ set: i + 1, name: song.name })),
    );
    show.setlists.push({ id: s.id, artist: s.artist.name, songs });
  }
  return [...shows.values()];
}

export function buildScenario({ photos: target = 100_000, seed = 20240510, blocks = 6 } = {}) {
  const r = rng(seed);
  const setlists = readSetlists();
  const venues = readVenues(setlists, r);
  const artists = [
    ...new Map(
      setlists.map((s) => [s.artist.name, { name: s.artist.name, mbid: s.artist.mbid ?? null }]),
    ).values(),
  ];
  const catalog = [];
  const taken = new Set();
  const addShow = (s) => {
    const key = `${s.venueId}|${s.date}`;
    if (taken.has(key) || !venues.get(s.venueId)?.true) return null;
    taken.add(key);
    const show = { ...s, key: catalog.length };
    catalog.push(show);
    return show;
  };
  const base = realShows(setlists);
  for (let k = 0; k < blocks; k++) {
    for (const s of base) {
      const festival = venues.get(s.venueId)?.name.startsWith("Arena Valle d'Itria");
      addShow({
        ...s,
        date: addDays(s.date, k * 364),
        // The Locus festival nights get a full line-up of real artists from the fixtures.
        artists: festival
          ? [
              ...r
                .shuffle(artists)
                .filter((a) => !s.artists.some((b) => b.name === a.name))
                .slice(0, 5),
              ...s.artists,
            ]
          : s.artists,
        setlists: s.setlists.map((l) => ({ ...l, id: k === 0 ? l.id : `${l.id}-y${k}` })),
        kind: festival ? 'festival' : 'real',
      });
    }
  }
  // DST nights: the Krefeld show again on the last Saturday of March and of October.
  const krefeld = base.find((s) => venues.get(s.venueId)?.cityName === 'Krefeld');
  for (let year = 2018; krefeld && year <= 2023; year++) {
    for (const month of [3, 10]) {
      const last = new Date(Date.UTC(year, month, 0));
      last.setUTCDate(last.getUTCDate() - ((last.getUTCDay() + 1) % 7));
      addShow({ ...krefeld, date: last.toISOString().slice(0, 10), setlists: [], kind: 'dst' });
    }
  }
  return generateTimeline({ r, target, venues, catalog, addShow, artists });
}

function generateTimeline({ r, target, venues, catalog, addShow, artists }) {
  const photos = [];
  const concerts = [];
  const occupied = new Map(); // date -> GeoNames id of where the photographer is
  let seq = 0;
  const shot = (utcMs, device, place, truth) => {
    const id = crypto.createHash('sha256').update(`photo:${seq++}`).digest('hex');
    const off = device.clockOffMin ?? 0;
    const t = utcMs + off * MIN;
    const video = device.gps && r.chance(0.03);
    const zone = device.homeTime ? HOME.zone : device.zone;
    const p = {
      id,
      utcMs: t,
      zone: video ? null : zone,
      zoneSource: video
        ? 'utc'
        : device.homeTime
          ? 'home-zone'
          : device.gpsLookup
            ? 'gps-lookup'
            : 'exif-offset',
      timeSource: video ? 'video' : 'exif-original',
      takenAt: formatLocal(t, video ? 0 : offsetAt(t, zone)),
      takenAtUtc: formatUtc(t),
      lat: null,
      lon: null,
      truth,
    };
    if (device.gps) {
      const glitch = r.chance(0.01);
      p.lat = place.lat + (glitch ? r.between(-2, 2) : r.between(-0.002, 0.002));
      p.lon = place.lon + (glitch ? r.between(-2, 2) : r.between(-0.003, 0.003));
    }
    photos.push(p);
    return p;
  };
  // Ingest stores each GPS photo's city (reverse geocoding); one lookup per burst is enough here.
  const burst = (from, to, count, devices, place, truth) => {
    const out = [];
    const city = reverseGeocode(place.lat, place.lon);
    for (let i = 0; i < count; i++) {
      const p = shot(r.between(from, to), r.pick(devices), place, truth);
      if (p.lat !== null && city) {
        p.cityId = city.geonameId;
        p.cityName = city.name;
        p.cityCountry = city.country;
      }
      out.push(p);
    }
    return out;
  };
  const near = (p, km) => ({
    lat: p.lat + r.between(-km, km) / 111,
    lon: p.lon + r.between(-km, km) / 70,
  });
  const showsNear = (date, point, km = 150) =>
    catalog.filter(
      (s) =>
        s.date === date &&
        distanceKm(
          point.lat,
          point.lon,
          venues.get(s.venueId).city.lat,
          venues.get(s.venueId).city.lon,
        ) <= km,
    );
  const free = (date, cityId) => !occupied.has(date) || occupied.get(date) === cityId;

  // Concerts: most shows are attended, one place at a time.
  const byCity = new Map();
  for (const v of venues.values())
    if (v.true) byCity.set(v.cityGeonameId, [...(byCity.get(v.cityGeonameId) ?? []), v]);
  for (const show of r.shuffle(catalog.slice())) {
    const v = venues.get(show.venueId);
    const home = distanceKm(v.city.lat, v.city.lon, HOME.lat, HOME.lon) < 700;
    if (photos.length > target * 0.7 || !r.chance(show.kind === 'real' ? 0.8 : 1)) continue;
    if (![-1, 0, 1].every((d) => free(addDays(show.date, d), v.cityGeonameId))) continue;
    for (const d of [-1, 0, 1]) occupied.set(addDays(show.date, d), v.cityGeonameId);
    // A second real venue in the same city books another act that night.
    const others = (byCity.get(v.cityGeonameId) ?? []).filter((o) => o !== v);
    if (others.length && show.kind === 'real' && r.chance(0.5)) {
      addShow({
        venueId: r.pick(others).setlistfmId,
        date: show.date,
        artists: [r.pick(artists)],
        setlists: [],
        tour: null,
        kind: 'second-venue',
      });
    }
    const festival = show.artists.length >= 3;
    const phone = { gps: true, zone: v.zone, gpsLookup: r.chance(0.3) };
    const roll = r.between(0, 1);
    const devices =
      roll < 0.6
        ? [phone]
        : roll < 0.72
          ? [phone, { homeTime: true }]
          : roll < 0.8
            ? [phone, { zone: v.zone, clockOffMin: 60 }]
            : roll < 0.85
              ? [{ gps: true, zone: v.zone, clockOffMin: 60 }]
              : roll < 0.95
                ? [{ homeTime: true }]
                : [{ gps: true, zone: v.zone, gpsLookup: true }];
    const start = festival
      ? r.between(13.5, 15.5)
      : show.kind === 'dst'
        ? 21
        : r.between(18.5, 20.75);
    const end =
      start + (festival ? r.between(9, 11) : show.kind === 'dst' ? 5.5 : r.between(2.5, 5));
    const taken = [];
    for (let t = start; t < end;) {
      const len = r.between(0.4, 1.7);
      const n = festival ? r.int(15, 40) : r.int(12, 60);
      taken.push(
        ...burst(
          at(show.date, t, v.zone),
          at(show.date, Math.min(end, t + len), v.zone),
          n,
          devices,
          v.true,
          show.key,
        ),
      );
      t += len + r.between(0.25, festival ? 1 : 1.5);
    }
    concerts.push({
      show,
      photoIds: taken.map((p) => p.id),
      gps: taken.some((p) => p.lat !== null),
    });
    // Sightseeing: the afternoon of the show and the day before (never next to a festival).
    const city = v.city;
    if (
      !festival &&
      !home &&
      r.chance(0.3) &&
      !showsNear(show.date, city).some((s) => s.artists.length >= 3)
    )
      burst(
        at(show.date, 11, v.zone),
        at(show.date, 15, v.zone),
        r.int(10, 40),
        [phone],
        near(city, 4),
        null,
      );
    const before = addDays(show.date, -1);
    const rivalsBefore = showsNear(before, city);
    if (!home && r.chance(0.35) && !rivalsBefore.some((s) => s.artists.length >= 3)) {
      burst(
        at(before, 10, v.zone),
        at(before, 16.5, v.zone),
        r.int(20, 60),
        [phone],
        near(city, 6),
        null,
      );
      if (rivalsBefore.length === 0)
        burst(
          at(before, 19, v.zone),
          at(before, 22.5, v.zone),
          r.int(10, 30),
          [phone],
          near(city, 3),
          null,
        );
    }
  }
  // Trips without concerts, to cities from the catalog on nights without shows there.
  const cities = [...byCity.values()].map((vs) => vs[0]);
  const dates = catalog.map((s) => s.date).sort();
  const span = [Date.parse(dates[0]), Date.parse(dates[dates.length - 1])];
  for (let i = 0; i < 40 && photos.length < target * 0.8; i++) {
    const v = r.pick(cities);
    const first = new Date(r.between(span[0], span[1])).toISOString().slice(0, 10);
    const days = [0, 1, 2].map((d) => addDays(first, d));
    if (![-1, ...[0, 1, 2, 3]].every((d) => !occupied.has(addDays(first, d)))) continue;
    if (days.some((d) => [-1, 0, 1].some((x) => showsNear(addDays(d, x), v.city).length))) continue;
    for (const d of days) {
      occupied.set(d, v.cityGeonameId);
      const phone = [{ gps: true, zone: v.zone }];
      burst(at(d, 10, v.zone), at(d, 13, v.zone), r.int(10, 40), phone, near(v.city, 8), null);
      burst(at(d, 15, v.zone), at(d, 17, v.zone), r.int(5, 30), phone, near(v.city, 8), null);
      burst(at(d, 20, v.zone), at(d, 23.5, v.zone), r.int(5, 30), phone, near(v.city, 3), null);
    }
  }
  // Everyday life at home until the library has its size.
  while (photos.length < target) {
    const d = new Date(r.between(span[0], span[1])).toISOString().slice(0, 10);
    if (occupied.has(d)) continue;
    occupied.set(d, 'home');
    const devices = r.chance(0.1) ? [{ homeTime: true }] : [{ gps: true, zone: HOME.zone }];
    for (const [from, to] of [
      [8, 11],
      [12, 17],
      [18, 23.5],
    ]) {
      if (!r.chance(0.6)) continue;
      const n = Math.min(target - photos.length, r.int(3, 40));
      const h = r.between(from, to - 1);
      burst(
        at(d, h, HOME.zone),
        at(d, h + r.between(0.2, 1), HOME.zone),
        n,
        devices,
        near(HOME, 10),
        null,
      );
    }
  }
  photos.sort((a, b) => a.utcMs - b.utcMs);
  markAmbiguous(concerts, catalog, venues);
  return { venues: [...venues.values()], catalog, photos, concerts };
}

/** A concert is truly ambiguous when another show that night is where the data says it is too. */
function markAmbiguous(concerts, catalog, venues) {
  for (const c of concerts) {
    const v = venues.get(c.show.venueId);
    c.ambiguous = catalog.some((s) => {
      if (s === c.show || s.date !== c.show.date) return false;
      const o = venues.get(s.venueId);
      if (o.lat !== null) return distanceKm(v.true.lat, v.true.lon, o.lat, o.lon) <= 3;
      return distanceKm(v.true.lat, v.true.lon, o.city.lat, o.city.lon) <= INDISTINGUISHABLE_KM;
    });
  }
}
