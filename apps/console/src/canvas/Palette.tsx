import { managedEngines, middlewareCatalog } from '@berth/spec';
import { Typography } from 'antd';
import type { DragEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaletteItem } from './spec-model.js';

export const paletteMime = 'application/x-berth-node';

function Item(props: {
  item: PaletteItem;
  title: string;
  help?: string;
  onAdd: (item: PaletteItem) => void;
}) {
  const { t } = useTranslation();
  const start = (event: DragEvent) => {
    event.dataTransfer.setData(paletteMime, JSON.stringify(props.item));
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <button
      type="button"
      draggable
      onDragStart={start}
      onClick={() => props.onAdd(props.item)}
      className={`berth-palette-item berth-node-${props.item.kind}`}
      aria-label={t('canvas.palette.add', { what: props.title })}
      data-testid={`palette-${props.item.kind}${props.item.template ? `-${props.item.template}` : ''}`}
      title={props.help}
    >
      <span className="berth-palette-title">{props.title}</span>
      {props.help && <span className="berth-palette-help">{props.help}</span>}
    </button>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <Typography.Text type="secondary" strong className="berth-palette-group">
        {title}
      </Typography.Text>
      {children}
    </section>
  );
}

/** The node kinds to drag onto the canvas; middleware and managed engines come from the catalog. */
export function Palette({ onAdd }: { onAdd: (item: PaletteItem) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="berth-palette" aria-label={t('canvas.palette.title')}>
      <Typography.Text type="secondary">{t('canvas.palette.hint')}</Typography.Text>
      <Group title={t('canvas.palette.custom')}>
        <Item
          item={{ kind: 'custom' }}
          title={t('canvas.palette.custom')}
          help={t('canvas.palette.customHelp')}
          onAdd={onAdd}
        />
        <Item
          item={{ kind: 'init' }}
          title={t('canvas.palette.init')}
          help={t('canvas.palette.initHelp')}
          onAdd={onAdd}
        />
      </Group>
      <Group title={t('canvas.palette.middleware')}>
        {middlewareCatalog.map((entry) => (
          <Item
            key={entry.name}
            item={{ kind: 'middleware', template: entry.name }}
            title={entry.displayName}
            help={entry.tags.join(', ')}
            onAdd={onAdd}
          />
        ))}
      </Group>
      <Group title={t('canvas.palette.managed')}>
        {managedEngines.map((engine) => (
          <Item
            key={engine.name}
            item={{ kind: 'managed', template: engine.name }}
            title={engine.displayName}
            help={engine.versions.join(', ')}
            onAdd={onAdd}
          />
        ))}
      </Group>
    </nav>
  );
}
