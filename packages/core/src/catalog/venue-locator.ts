// Places typed venues (CSV, forms, shows pulled from sync) on the offline gazetteer: matching
// meets events by the city's GeoNames id, which only setlist.fm data brings by itself.
import { Gazetteer, reverseGeocode } from '../metadata/geocoder.js';
import type { VenueDraft } from './show-draft.js';

/** GeoNames id of the city at a position (the offline gazetteer), or null. */
export type CityLocator = (lat: number, lon: number) => number | null;

export const gazetteerCity: CityLocator = (lat, lon) => reverseGeocode(lat, lon)?.geonameId ?? null;

/**
 * Fills in the city's GeoNames id (and the city's position) when it is missing: from the
 * venue's position when given, else from the city's name and country in the offline
 * gazetteer — a show typed as "Madrid, ES" must meet photos taken in Madrid. With
 * `coordsForKnownCity`, a venue that has the id but no city position (one described by
 * sync, which carries no coordinates) gets the position of that city when its name matches.
 */
export function locateVenue(
  v: VenueDraft,
  cityAt: CityLocator = gazetteerCity,
  options: { coordsForKnownCity?: boolean } = {},
): VenueDraft {
  if (v.cityGeonameId !== null) {
    if (!options.coordsForKnownCity || !v.cityName || (v.cityLat !== null && v.cityLon !== null))
      return v;
    const city = Gazetteer.load().byName(v.cityName, v.country);
    if (!city || city.geonameId !== v.cityGeonameId) return v;
    return { ...v, cityLat: v.cityLat ?? city.lat, cityLon: v.cityLon ?? city.lon };
  }
  if (v.lat !== null && v.lon !== null) return { ...v, cityGeonameId: cityAt(v.lat, v.lon) };
  if (!v.cityName) return v;
  const city = Gazetteer.load().byName(v.cityName, v.country);
  if (!city) return v;
  return {
    ...v,
    cityGeonameId: city.geonameId,
    cityLat: v.cityLat ?? city.lat,
    cityLon: v.cityLon ?? city.lon,
  };
}
