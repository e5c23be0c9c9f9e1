import { Route, Routes } from 'react-router';
import { registerMessages } from '../../i18n/index.js';
import { ClusterList } from './ClusterList.js';
import { ClusterPage } from './ClusterPage.js';
import { en, zh } from './messages.js';

registerMessages('clusters', en, zh);

/** `/a/:account/clusters/*`: the list; a cluster with its tab in the path. */
export default function ClustersArea() {
  return (
    <Routes>
      <Route index element={<ClusterList />} />
      <Route path=":cluster" element={<ClusterPage />} />
      <Route path=":cluster/:tab" element={<ClusterPage />} />
    </Routes>
  );
}
