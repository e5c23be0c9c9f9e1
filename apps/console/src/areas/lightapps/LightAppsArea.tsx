import { Route, Routes } from 'react-router';
import { registerMessages } from '../../i18n/index.js';
import { DeploymentPage } from './DeploymentPage.js';
import { LightAppList } from './LightAppList.js';
import { LightAppPage } from './LightAppPage.js';
import { en, zh } from './messages.js';
import { VersionPage } from './VersionPage.js';

registerMessages('lightapps', en, zh);

/**
 * `/lightapps` (list, `?create=1`), `/lightapps/:name/:tab` (versions, events, logs),
 * `/lightapps/:name/versions/:version` and `/lightapps/:name/deployments/:id`.
 */
export default function LightAppsArea() {
  return (
    <Routes>
      <Route index element={<LightAppList />} />
      <Route path=":name/versions/:version" element={<VersionPage />} />
      <Route path=":name/deployments/:id" element={<DeploymentPage />} />
      <Route path=":name/:tab?" element={<LightAppPage />} />
    </Routes>
  );
}
