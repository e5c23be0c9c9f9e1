import { Route, Routes } from 'react-router';
import { registerMessages } from '../../i18n/index.js';
import { InstanceList } from './InstanceList.js';
import { InstancePage } from './InstancePage.js';
import { en, zh } from './messages.js';

registerMessages('instances', en, zh);

/** `/instances` (the list, `?deploy=1` opens the deploy dialog), `/instances/:name/:tab`. */
export default function InstancesArea() {
  return (
    <Routes>
      <Route index element={<InstanceList />} />
      <Route path=":name/:tab?" element={<InstancePage />} />
    </Routes>
  );
}
