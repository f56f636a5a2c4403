import { BranchesOutlined, LinkOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { useShowApiError } from '../../components/apiErrors';
import { formatDateTime } from '../../components/format';
import { type CaseDetail, type DuplicateCandidate, useCaseTypeLabel } from './api';
import { CaseStateTag } from './labels';

/**
 * Duplicate candidates of a case (R-REQ-5) with 关联 (link as duplicate) and 合并到此工单 (merge the
 * case into the candidate; the candidate keeps its owner and both histories are kept).
 */
export function DuplicateCandidates({
  source,
  candidates,
  linkedIds,
  onChanged,
  onMerged,
}: {
  source: Pick<CaseDetail, 'id' | 'number' | 'version'>;
  candidates: DuplicateCandidate[];
  /** cases already linked to the source */
  linkedIds?: readonly string[];
  onChanged: (updated: CaseDetail) => void;
  onMerged: (target: CaseDetail) => void;
}) {
  const { t } = useTranslation('cases');
  const { modal, message } = App.useApp();
  const can = useCan();
  const showError = useShowApiError('cases');
  const typeLabel = useCaseTypeLabel();
  const [linked, setLinked] = useState<string[]>([]);

  const link = useMutation({
    mutationFn: (otherCaseId: string) =>
      api.post<CaseDetail>(`/cases/${source.id}/links`, {
        otherCaseId,
        kind: 'duplicate',
      }),
    onSuccess: (updated, otherCaseId) => {
      setLinked((ids) => [...ids, otherCaseId]);
      onChanged(updated);
    },
    onError: (error) => showError(error),
  });
  const merge = useMutation({
    mutationFn: (target: DuplicateCandidate) =>
      api.post<CaseDetail>(`/cases/${source.id}/merge`, {
        targetId: target.id,
        version: source.version,
      }),
    onSuccess: (target) => {
      void message.success(t('duplicate.merged', { number: target.number }));
      onMerged(target);
    },
    onError: (error) => showError(error),
  });

  if (!candidates.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noDuplicates')} />;
  return (
    <Flex vertical data-testid="duplicate-candidates">
      {candidates.map((c, index) => {
        const isLinked = linked.includes(c.id) || !!linkedIds?.includes(c.id);
        return (
          <Flex
            key={c.id}
            justify="space-between"
            align="center"
            gap={12}
            wrap
            style={{
              padding: '8px 0',
              borderTop: index ? '1px solid rgba(5, 5, 5, 0.06)' : undefined,
            }}
          >
            <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
              <Space wrap size={4}>
                <Link to={`/cases/${c.id}`}>{c.number}</Link>
                <Tag>{typeLabel(c.type)}</Tag>
                <CaseStateTag state={c.state} />
                <Typography.Text>{c.title}</Typography.Text>
              </Space>
              <Flex gap={8} wrap>
                {c.reasons.map((r) => (
                  <Tag key={r} color="orange">
                    {t(`duplicate.reason.${r}`)}
                  </Tag>
                ))}
                <Typography.Text type="secondary">
                  {t('duplicate.similarity', {
                    percent: Math.round(c.similarity * 100),
                  })}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {c.ownerName} · {formatDateTime(c.createdAt)}
                </Typography.Text>
              </Flex>
            </Flex>
            <Space size={8}>
              {can('case.update') &&
                (isLinked ? (
                  <Tag color="blue">{t('duplicate.linked')}</Tag>
                ) : (
                  <Button
                    size="small"
                    icon={<LinkOutlined />}
                    loading={link.isPending && link.variables === c.id}
                    onClick={() => link.mutate(c.id)}
                  >
                    {t('duplicate.link')}
                  </Button>
                ))}
              {can('case.merge') && (
                <Button
                  size="small"
                  icon={<BranchesOutlined />}
                  loading={merge.isPending && merge.variables?.id === c.id}
                  onClick={() =>
                    modal.confirm({
                      title: t('duplicate.merge'),
                      content: t('duplicate.mergeConfirm', {
                        source: source.number,
                        target: c.number,
                      }),
                      onOk: () => merge.mutateAsync(c).catch(() => undefined),
                    })
                  }
                >
                  {t('duplicate.merge')}
                </Button>
              )}
            </Space>
          </Flex>
        );
      })}
    </Flex>
  );
}
