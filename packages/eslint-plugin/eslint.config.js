// The workspace's shared config, by path rather than as a dependency: the
// shared config depends on this plugin, so a package dependency back would be
// a cycle. This package's lint runs after its own build (turbo.json).
import { config } from '../../tooling/eslint-config/index.js';

export default [{ ignores: ['test/fixtures/**'] }, ...config(import.meta.dirname, { platform: 'node' })];
