import { Button, Flex, Popconfirm, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Pieces of every list of archivable master data (product categories, departments, regions, grades,
 * stock locations): the status tag, the archive/restore row action, the "show archived" switch.
 */

/** 已归档 (grey) or 启用 (green), from the common namespace. */
export function ArchivedTag({ archived }: { archived: boolean }) {
  const { t } = useTranslation();
  return archived ? <Tag>{t('common:state.archived')}</Tag> : <Tag color="green">{t('common:state.active')}</Tag>;
}

/**
 * The row action: "restore" at once on an archived record, "archive" behind a confirmation on an
 * active one. `onArchive` returns the mutation's promise; a failure is shown by the mutation itself.
 */
export function ArchiveRestoreAction(props: {
  archived: boolean;
  archiveLabel: string;
  restoreLabel: string;
  confirmTitle: string;
  onArchive: () => Promise<unknown>;
  onRestore: () => void;
}) {
  const { t } = useTranslation();
  if (props.archived) {
    return (
      <Button type="link" size="small" onClick={props.onRestore}>
        {props.restoreLabel}
      </Button>
    );
  }
  return (
    <Popconfirm
      title={props.confirmTitle}
      okText={props.archiveLabel}
      cancelText={t('common:button.cancel')}
      okButtonProps={{ danger: true }}
      onConfirm={() => props.onArchive().catch(() => undefined)}
    >
      <Button type="link" size="small" danger>
        {props.archiveLabel}
      </Button>
    </Popconfirm>
  );
}

/** A small labelled switch above a list: also show the archived records. */
export function ShowArchivedSwitch({ checked, onChange, label }: { checked: boolean; onChange: (v: boolean) => void; label: string }) {
  return (
    <Flex align="center" gap={8} style={{ marginBottom: 16 }}>
      <Switch checked={checked} onChange={onChange} aria-label={label} size="small" />
      <Typography.Text>{label}</Typography.Text>
    </Flex>
  );
}
