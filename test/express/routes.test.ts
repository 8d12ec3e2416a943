import { loggingMiddleware, routeLevel } from '@cloudlog/express';
import { expressRoutes, expressVersions } from '../support/express-apps.js';
import { optionValidationSuite, routeRulesSuite } from '../support/route-rules-suite.js';

for (const [label, express] of expressVersions) {
  routeRulesSuite(`express: per-route overrides (${label})`, expressRoutes(express));
}

optionValidationSuite('express: options are validated at construction', loggingMiddleware, routeLevel, [
  [{ trustProxy: 'loopback' }, /trustProxy is not an option here.*trust proxy/],
]);
