import { devScenario } from './dev-scenario.js';

devScenario('rust');
