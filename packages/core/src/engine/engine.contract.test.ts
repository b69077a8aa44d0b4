// The engine-client contract against the in-process engine on a temp library of real photos.
import { engineClientContract, openFixtureEngine } from '../testing/index.js';

engineClientContract('in-process engine', {
  async open() {
    const { engine, close } = await openFixtureEngine();
    return { client: engine, close };
  },
});
