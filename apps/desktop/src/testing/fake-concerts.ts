// The fake engine's concerts: a small catalog and six events, one of each kind the Concerts
// page shows (matched automatically, matched by the user, ambiguous, unmatched with and
// without suggestions, not a concert), with decisions applied and undone in memory.
import type {
  CandidateInfo,
  CityRef,
  ConcertQuery,
  EngineErrorCode,
  EventInfo,
  EventStatus,
  ShowInfo,
} from '@encore/core/contract';
import { needsReview } from '@encore/core/contract';

export class FakeConcertsError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FakeConcertsError';
  }
}

const BERLIN: CityRef = { name: 'Berlin', country: 'DE', geonameId: 2950159 };
const LONDON: CityRef = { name: 'London', country: 'GB', geonameId: 2643743 };
const AUSTIN: CityRef = { name: 'Austin', country: 'US', geonameId: 4671654 };

function show(
  id: number,
  date: string,
  venue: string,
  city: CityRef,
  artists: string[],
  tour: string | null = null,
): ShowInfo {
  return {
    id,
    date,
    venue: {
      name: venue,
      city: city.name,
      country: city.country,
      lat: null,
      lon: null,
      setlistfmId: null,
    },
    artists,
    tour,
    origin: 'setlistfm',
    setlistIds: [],
  };
}

/** The catalog, ids 1..8. */
export const FAKE_SHOWS: readonly ShowInfo[] = [
  show(1, '2024-03-14', 'Columbiahalle', BERLIN, ['Opener', 'The Headliners'], 'Loud Tour'),
  show(2, '2024-03-02', 'O2 Academy Brixton', LONDON, ['Night Owls']),
  show(3, '2024-03-02', 'Roundhouse', LONDON, ['Support Act', 'Glass Harbour']),
  show(4, '2024-02-21', "Stubb's", AUSTIN, ['Desert Lights']),
  show(5, '2024-02-10', 'SO36', BERLIN, ['Motörhead Tribute']),
  show(6, '2023-11-18', 'Astra Kulturhaus', BERLIN, ['Echo Valley']),
  show(7, '2023-08-05', 'Hyde Park', LONDON, ['Big Summer Band', 'Friends'], 'Summer 2023'),
  show(8, '2022-06-30', "Emo's", AUSTIN, ['Quiet Storm']),
];

const shown = (id: number): ShowInfo => FAKE_SHOWS.find((s) => s.id === id)!;

interface FakeEvent {
  info: EventInfo;
  /** What automatic matching said, for clearDecision. */
  auto: Pick<EventInfo, 'status' | 'show'>;
}

function event(
  n: number,
  day: string,
  from: string,
  to: string,
  city: CityRef,
  photos: number,
  auto: { status: EventStatus; show: number | null },
  candidates: [number, number, string][],
  thumbIds: string[],
): FakeEvent {
  const start = `${day}T${from}:00.000Z`;
  const end = `${day}T${to}:00.000Z`;
  const info: EventInfo = {
    id: `e${String(n).padStart(16, '0')}`,
    start,
    end,
    localDate: day,
    showDay: day,
    timeZone: 'UTC',
    localStart: from,
    localEnd: to,
    photoCount: photos,
    thumbs: thumbIds.map((id) => ({ id, gridUrl: `/thumbs/grid/${id}.webp` })),
    lat: null,
    lon: null,
    zoneCertain: true,
    nearbyCityIds: [city.geonameId],
    city,
    status: auto.status,
    decidedBy: 'auto',
    show: auto.show === null ? null : shown(auto.show),
    candidates: candidates.map(([id, score, reason]): CandidateInfo => ({
      show: shown(id),
      score,
      reasons: [reason],
    })),
    needsReview: false,
  };
  info.needsReview = needsReview(info);
  return { info, auto: { status: info.status, show: info.show } };
}

/** Event ids of the fake: `FAKE_EVENTS.ambiguous` and so on. */
export const FAKE_EVENTS = {
  matched: `e${'1'.padStart(16, '0')}`,
  ambiguous: `e${'2'.padStart(16, '0')}`,
  suggested: `e${'3'.padStart(16, '0')}`,
  mine: `e${'4'.padStart(16, '0')}`,
  notConcert: `e${'5'.padStart(16, '0')}`,
  lonely: `e${'6'.padStart(16, '0')}`,
} as const;

export class FakeConcerts {
  readonly events: FakeEvent[];

  /** `photoIds`: the fake library's photos, lent to events for thumbnails. */
  constructor(photoIds: string[]) {
    const thumbs = (from: number, n: number) =>
      photoIds.length
        ? Array.from({ length: n }, (_, i) => photoIds[(from + i) % photoIds.length]!)
        : [];
    this.events = [
      event(
        1,
        '2024-03-14',
        '19:40',
        '22:55',
        BERLIN,
        48,
        { status: 'matched', show: 1 },
        [[1, 0.94, 'photos during the show night at the venue']],
        thumbs(0, 4),
      ),
      event(
        2,
        '2024-03-02',
        '20:05',
        '23:10',
        LONDON,
        31,
        { status: 'ambiguous', show: null },
        [
          [2, 0.8, 'two venues in London that night'],
          [3, 0.8, 'two venues in London that night'],
        ],
        thumbs(4, 4),
      ),
      event(
        3,
        '2024-02-20',
        '21:00',
        '23:30',
        AUSTIN,
        12,
        { status: 'unmatched', show: null },
        [[4, 0.35, 'a show in Austin the next day']],
        thumbs(8, 3),
      ),
      event(
        4,
        '2024-02-10',
        '20:30',
        '23:45',
        BERLIN,
        20,
        { status: 'unmatched', show: null },
        [],
        thumbs(2, 4),
      ),
      event(
        5,
        '2024-01-25',
        '13:00',
        '15:20',
        LONDON,
        9,
        { status: 'unmatched', show: null },
        [],
        thumbs(6, 2),
      ),
      event(
        6,
        '2024-01-11',
        '18:00',
        '18:40',
        BERLIN,
        3,
        { status: 'unmatched', show: null },
        [],
        thumbs(10, 1),
      ),
    ];
    // Decisions the user made before (as if synced from another device).
    this.assign({ eventId: FAKE_EVENTS.mine, showId: 5 });
    this.notConcert({ eventId: FAKE_EVENTS.notConcert });
  }

  list(q: { status?: EventStatus | undefined } = {}): EventInfo[] {
    return this.events
      .map((e) => e.info)
      .filter((e) => !q.status || e.status === q.status)
      .sort((a, b) => b.start.localeCompare(a.start))
      .map(copy);
  }

  private find(eventId: unknown): FakeEvent {
    const e = this.events.find((x) => x.info.id === eventId);
    if (!e) throw new FakeConcertsError('NOT_FOUND', `no event "${String(eventId)}"`);
    return e;
  }

  private decide(eventId: unknown, status: EventStatus, show: ShowInfo | null): EventInfo {
    const e = this.find(eventId);
    e.info = { ...e.info, status, show, decidedBy: 'user' };
    e.info.needsReview = needsReview(e.info);
    return copy(e.info);
  }

  assign(q: { eventId: string; showId: number }): EventInfo {
    const s = FAKE_SHOWS.find((x) => x.id === q.showId);
    if (!s) throw new FakeConcertsError('SHOW_NOT_FOUND', `no show ${q.showId} in the catalog`);
    return this.decide(q.eventId, 'matched', s);
  }

  unassign(q: { eventId: string }): EventInfo {
    return this.decide(q.eventId, 'unmatched', null);
  }

  notConcert(q: { eventId: string }): EventInfo {
    return this.decide(q.eventId, 'not-concert', null);
  }

  clearDecision(q: { eventId: string }): EventInfo {
    const e = this.find(q.eventId);
    e.info = { ...e.info, ...e.auto, decidedBy: 'auto' };
    e.info.needsReview = needsReview(e.info);
    return copy(e.info);
  }

  concerts(q: ConcertQuery | undefined = {}): ShowInfo[] {
    const words = fold(q.query ?? '')
      .split(/\s+/)
      .filter(Boolean);
    const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
    const anchor = q.near ? day(q.near) : null;
    return FAKE_SHOWS.filter((s) => {
      const text = fold(
        [s.date, s.venue.name, s.venue.city, s.venue.country, s.tour, ...s.artists].join(' '),
      );
      return words.every((w) => text.includes(w));
    })
      .sort(
        (a, b) =>
          (anchor === null ? 0 : Math.abs(day(a.date) - anchor) - Math.abs(day(b.date) - anchor)) ||
          b.date.localeCompare(a.date),
      )
      .slice(0, q.limit ?? 100)
      .map((s) => ({ ...s, artists: [...s.artists], venue: { ...s.venue } }));
  }
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function copy(e: EventInfo): EventInfo {
  return structuredClone(e);
}
