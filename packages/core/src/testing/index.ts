// @encore/core/testing: helpers that tests and benches of every package share — temp
// folders, fixture paths, a closed port, and the engine's internals for assertions that
// need to look behind its door (replica equality in sync fuzzing, seeding a bench library).
export { engineInternals } from '../engine/engine.js';
export { closedPort } from './closed-port.js';
export { copyFixtures, FIXTURES_DIR, PHOTO_FIXTURES, REPO_ROOT, tempDir } from './temp.js';
// Behind-the-door pieces that integration suites drive directly (sync fuzzing compares
// replicas; the concert suites seed catalogs and photos without decoding files).
export { Catalog } from '../catalog/catalog.service.js';
export type { ShowId } from '../catalog/types.js';
export { runCli, type CliResult } from './run-cli.js';
export { FEW_JPEGS, openFixtureEngine } from './fixture-engine.js';
export { Library } from '../library/library.js';
export { matchServiceFor } from '../matching/match.factory.js';
export { MatchService } from '../matching/match.service.js';
export * from '../matching/testing/fixtures-library.js';
export { CatalogProjector } from '../sync/catalog.projection.js';
export { SyncHttp } from '../sync/http.js';
export {
  engineClientContract,
  type ContractSetup,
  type ContractSubject,
} from './engine-client.contract.js';
