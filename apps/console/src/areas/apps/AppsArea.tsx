import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { registerMessages } from '../../i18n/index.js';
import { AppDetail } from './AppDetail.js';
import { AppsList } from './AppsList.js';
import { CreateAppWizard } from './CreateAppWizard.js';
import { en, zh } from './messages.js';
import { VersionDiff } from './VersionDiff.js';

registerMessages('apps', en, zh);

// The canvas (React Flow, elkjs, the YAML editor) loads only when a version is opened.
const VersionPage = lazy(() => import('../../canvas/VersionPage.js'));

/** `/a/:account/apps/*`: the list, the wizard, an app, its diff and the version canvas. */
export default function AppsArea() {
  return (
    <Routes>
      <Route index element={<AppsList />} />
      <Route path="new" element={<CreateAppWizard />} />
      <Route path=":app" element={<AppDetail />} />
      <Route path=":app/diff" element={<VersionDiff />} />
      <Route path=":app/versions/:version" element={<VersionPage />} />
    </Routes>
  );
}
