// The TypeScript host. `npm start` runs it against the last cargo build;
// `npm run dev` runs it under the dev loop, which swaps in every new build.
import { loadLib } from 'create-hot-reload/runtime';
import { bindings, State } from './lib.generated.js';

const lib = await loadLib(bindings);

// The runtime allocates the state outside the library, so it survives every swap.
const state = lib.alloc(State, { counter: 0 });

setInterval(() => lib.api.step(state), 1000);
