import { config } from '@loop/eslint-config';

export default config(import.meta.dirname, { platform: 'neutral' });
