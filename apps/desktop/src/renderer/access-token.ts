// Headless mode hands the page its token in ?token=; keep it for this tab and take it out
// of the address bar so it is not shared with a screenshot or a bookmark.
const KEY = 'encore.token';

export function takeAccessToken(
  location: Location,
  history: History,
  storage: Storage,
): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(KEY, fromUrl);
    params.delete('token');
    const query = params.toString();
    history.replaceState(
      null,
      '',
      `${location.pathname}${query ? `?${query}` : ''}${location.hash}`,
    );
    return fromUrl;
  }
  return storage.getItem(KEY);
}

export function bridgeUrl(location: Location, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}://${location.host}/ws${query}`;
}
