#!/usr/bin/env node
// `npx scim-admin …`: runs the TypeScript CLI through tsx, which the project already uses for `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('./scim-admin.ts');
