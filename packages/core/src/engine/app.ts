// Handler groups in the manner of Actual Budget's `createApp().method()` + `combine`: each
// domain declares its methods in one place; combining refuses a name declared twice.
import type { HandlerName, ParamsOf, ResponseOf } from '../contract/index.js';

export type HandlerImpl<K extends HandlerName> = (
  params: ParamsOf<K>,
) => Promise<ResponseOf<K>> | ResponseOf<K>;

export type HandlerMap = { [K in HandlerName]?: HandlerImpl<K> };

export class App {
  readonly handlers: HandlerMap = {};

  method<K extends HandlerName>(name: K, handler: HandlerImpl<K>): this {
    if (this.handlers[name]) throw new Error(`engine method ${name} is declared twice`);
    (this.handlers as Record<string, unknown>)[name] = handler;
    return this;
  }

  combine(...apps: App[]): this {
    for (const app of apps) {
      for (const [name, handler] of Object.entries(app.handlers))
        this.method(name as HandlerName, handler as HandlerImpl<HandlerName>);
    }
    return this;
  }
}

export function createApp(): App {
  return new App();
}
