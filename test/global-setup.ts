import type { TestProject } from 'vitest/node';
import { createTemplates } from '../apps/server/src/testing/test-database.js';
import '../apps/server/src/testing/templates.js';

/** Builds the migrated database templates that every test file copies. */
export default async function setup(project: TestProject) {
  const templates = await createTemplates();
  project.provide('pgliteTemplate', templates.pgliteDir ?? '');
  project.provide('postgresTemplate', templates.postgresName ?? '');
  return () => templates.dispose();
}
