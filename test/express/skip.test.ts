import { expressRoutes, expressVersions } from '../support/express-apps.js';
import { skipSuite } from '../support/skip-suite.js';

for (const [label, express] of expressVersions) {
  skipSuite(`express: skip(req, res) (${label})`, expressRoutes(express), (predicate) => ({
    skip: (req: { path: string; route?: { path?: string } }, res: { statusCode: number }) =>
      predicate({ path: req.path, status: res.statusCode, route: req.route?.path }),
  }));
}
