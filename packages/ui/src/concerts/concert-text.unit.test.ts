import { describe, expect, it } from 'vitest';
import type { EventInfo, ShowInfo } from '@encore/core/contract';
import {
  decidedText,
  decisionMessage,
  eventWhenWhere,
  inTab,
  offeredCandidates,
  showLine,
  showShort,
  tabCounts,
} from './concert-text.js';

const roundhouse: ShowInfo = {
  id: 3,
  date: '2024-03-02',
  venue: {
    name: 'Roundhouse',
    city: 'London',
    country: 'GB',
    lat: null,
    lon: null,
    setlistfmId: null,
  },
  artists: ['Support Act', 'Glass Harbour'],
  tour: null,
  origin: 'setlistfm',
  setlistIds: [],
};
const brixton: ShowInfo = {
  id: 2,
  date: '2024-03-02',
  venue: {
    name: 'O2 Academy Brixton',
    city: 'London',
    country: null,
    lat: null,
    lon: null,
    setlistfmId: null,
  },
  artists: ['Night Owls'],
  tour: null,
  origin: 'manual',
  setlistIds: [],
};

function event(over: Partial<EventInfo> = {}): EventInfo {
  return {
    id: 'e0000000000000002',
    start: '2024-03-02T20:05:00.000Z',
    end: '2024-03-02T23:10:00.000Z',
    localDate: '2024-03-02',
    showDay: '2024-03-02',
    timeZone: 'Europe/London',
    localStart: '20:05',
    localEnd: '23:10',
    photoCount: 31,
    thumbs: [],
    lat: null,
    lon: null,
    zoneCertain: true,
    nearbyCityIds: [],
    city: { name: 'London', country: 'GB', geonameId: 2643743 },
    status: 'ambiguous',
    decidedBy: 'auto',
    show: null,
    candidates: [
      { show: brixton, score: 0.8, reasons: [] },
      { show: roundhouse, score: 0.8, reasons: [] },
    ],
    needsReview: true,
    ...over,
  };
}

describe('concert tabs', () => {
  it('puts undecided events worth a look under Needs review, the rest under Other events', () => {
    const events = [
      event({ status: 'matched', needsReview: false }),
      event({ status: 'ambiguous' }),
      event({ status: 'unmatched' }),
      event({ status: 'unmatched', needsReview: false, candidates: [], localStart: '13:00' }),
      event({ status: 'not-concert', needsReview: false }),
    ];
    expect(events.filter((e) => inTab('review', e)).map((e) => e.status)).toEqual([
      'ambiguous',
      'unmatched',
    ]);
    expect(events.filter((e) => inTab('other', e)).map((e) => e.localStart)).toEqual(['13:00']);
    expect(tabCounts(events)).toEqual({
      all: 5,
      matched: 1,
      review: 2,
      other: 1,
      'not-concert': 1,
    });
  });
});

describe('concert text', () => {
  it('names shows by headliner and venue, and the whole bill in lists', () => {
    expect(showShort(roundhouse)).toBe('Glass Harbour at Roundhouse');
    expect(showLine(brixton)).toBe('2024-03-02 · Night Owls · O2 Academy Brixton, London');
    expect(eventWhenWhere(event())).toBe('2024-03-02 · 20:05–23:10 · London, GB');
    expect(eventWhenWhere(event({ city: null }))).toContain('Unknown place');
  });

  it('says who decided and what a decision did', () => {
    expect(decidedText({ decidedBy: 'user' })).toBe('Your decision');
    expect(decidedText({ decidedBy: 'auto' })).toBe('Automatic');
    expect(decisionMessage(event({ status: 'matched', decidedBy: 'user', show: roundhouse }))).toBe(
      '2024-03-02 in London: Glass Harbour at Roundhouse.',
    );
    expect(decisionMessage(event({ status: 'not-concert', decidedBy: 'user' }))).toBe(
      '2024-03-02 in London: not a concert.',
    );
    expect(decisionMessage(event())).toBe(
      '2024-03-02 in London: back to automatic matching (several shows fit).',
    );
  });

  it('offers candidates as answers only while the event waits for one', () => {
    expect(offeredCandidates(event()).map((c) => c.show.id)).toEqual([2, 3]);
    expect(offeredCandidates(event({ status: 'matched', show: brixton }))).toEqual([]);
    expect(offeredCandidates(event({ status: 'not-concert' }))).toEqual([]);
    expect(offeredCandidates(event(), 1)).toHaveLength(1);
  });
});
