import {
  BranchesOutlined,
  LinkOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  ReloadOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { formatDate, formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { type CaseDetail, type CaseEvent, caseKeys, type DuplicateList, useCase, useCaseTypeLabel } from './api';
import { CaseAttachments } from './CaseAttachments';
import { ActionDialog, LinkDialog, OwnerDialog } from './CaseDialogs';
import { CaseTimeline } from './CaseTimeline';
import { DeadlinePanel, useNow } from './DeadlineViews';
import { DuplicateCandidates } from './Duplicates';
import { UnitEntitlementView } from './entitlement';
import { type CaseWorkflowActionsSpec, casePanelsFor, caseWorkflowActions, isCoreCaseAction } from './extensions';
// the repair workflow's action forms and panel register themselves
import './repairForms';
import { actionLabel, CaseStateTag, SeverityTag, UrgencyTag } from './labels';

const NOW_TICK_MS = 15_000;

/** Buttons for exactly the actions the server allows now (allowedActions), in its order; wait/resume look different. */
function ActionButtons({ actions, onAction }: { actions: string[]; onAction: (action: string) => void }) {
  const { t } = useTranslation('cases');
  if (!actions.length) return <Typography.Text type="secondary">{t('detail.noActions')}</Typography.Text>;
  const workflow = actions.filter((a) => !a.startsWith('wait_') && a !== 'resume');
  const waiting = actions.filter((a) => a.startsWith('wait_') || a === 'resume');
  return (
    <Flex gap={8} wrap data-testid="case-actions">
      {workflow.map((a, i) => (
        <Button
          key={a}
          type={i === 0 ? 'primary' : 'default'}
          danger={a === 'cancel'}
          onClick={() => onAction(a)}
          data-testid={`action-${a}`}
        >
          {actionLabel(t, a)}
        </Button>
      ))}
      {waiting.map((a) => (
        <Button
          key={a}
          icon={a === 'resume' ? <PlayCircleOutlined /> : <PauseCircleOutlined />}
          type={a === 'resume' ? 'primary' : 'dashed'}
          onClick={() => onAction(a)}
          data-testid={`action-${a}`}
        >
          {actionLabel(t, a)}
        </Button>
      ))}
    </Flex>
  );
}

/**
 * The actions of a workflow whose feature lists them itself (registerCaseWorkflowActions): its
 * workflow actions, then the core's wait/resume actions of the case. Falls back to the case's
 * allowedActions when the feature's record cannot be read.
 */
function WorkflowActionButtons({
  source,
  detail,
  onAction,
}: {
  source: CaseWorkflowActionsSpec;
  detail: CaseDetail;
  onAction: (action: string) => void;
}) {
  const { actions, error } = source.useAllowedActions(detail);
  if (error) return <ActionButtons actions={detail.allowedActions} onAction={onAction} />;
  if (!actions) return <Skeleton.Button active />;
  const core = detail.allowedActions.filter(isCoreCaseAction);
  return <ActionButtons actions={[...actions.filter((a) => !isCoreCaseAction(a)), ...core]} onAction={onAction} />;
}

/** Buttons for what this user may do now, each action once (keyed by workflow: a source's hooks stay stable). */
function CaseActions({ detail, onAction }: { detail: CaseDetail; onAction: (action: string) => void }) {
  const source = caseWorkflowActions(detail.workflow);
  return source ? (
    <WorkflowActionButtons key={detail.workflow} source={source} detail={detail} onAction={onAction} />
  ) : (
    <ActionButtons actions={detail.allowedActions} onAction={onAction} />
  );
}

/** Add a note to the timeline (internal, or visible to the customer). Ctrl+Enter saves. */
function NoteBox({ caseId, onAdded }: { caseId: string; onAdded: (event: CaseEvent) => void }) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const showError = useShowApiError('cases');
  const [note, setNote] = useState('');
  const [customerVisible, setCustomerVisible] = useState(false);
  const add = useMutation({
    mutationFn: () =>
      api.post<CaseEvent>(`/cases/${caseId}/notes`, {
        note: note.trim(),
        visibility: customerVisible ? 'customer' : 'internal',
      }),
    onSuccess: (event) => {
      setNote('');
      setCustomerVisible(false);
      void message.success(t('detail.noteAdded'));
      onAdded(event);
    },
    onError: (error) => showError(error),
  });
  const submit = () => {
    if (note.trim()) add.mutate();
  };
  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }}>
      <Input.TextArea
        rows={2}
        value={note}
        maxLength={8000}
        placeholder={t('detail.notePlaceholder')}
        aria-label={t('detail.addNote')}
        onChange={(e) => setNote(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
        data-testid="note-input"
      />
      <Flex justify="space-between" align="center">
        <Checkbox checked={customerVisible} onChange={(e) => setCustomerVisible(e.target.checked)}>
          {t('detail.customerVisible')}
        </Checkbox>
        <Button onClick={submit} disabled={!note.trim()} loading={add.isPending} data-testid="note-save">
          {t('detail.addNote')}
        </Button>
      </Flex>
    </Flex>
  );
}

/** Customer, contact and unit of the case with links to their files and the unit's warranty. */
function CustomerAndUnit({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation('cases');
  const c = detail.customer;
  const u = detail.unit;
  return (
    <Descriptions column={1} size="small" data-testid="case-customer">
      <Descriptions.Item label={t('field.customer')}>
        {c ? (
          <Space wrap size={4}>
            <Link to={`/customers/${c.id}`}>{c.name}</Link>
            <Typography.Text type="secondary">{c.code}</Typography.Text>
            <Tag>{t('customerCard.class', { class: c.class })}</Tag>
            {c.vip && <Tag color="gold">{t('customerCard.vip')}</Tag>}
            {c.keyAccount && <Tag color="blue">{t('customerCard.keyAccount')}</Tag>}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('detail.noCustomer')}</Typography.Text>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('field.contact')}>
        {detail.contactName || detail.contactPhone ? (
          <Space size={4} wrap>
            <span>{detail.contactName}</span>
            {detail.contactPhone && <Typography.Text copyable>{detail.contactPhone}</Typography.Text>}
            {detail.contactEmail && <Typography.Text type="secondary">{detail.contactEmail}</Typography.Text>}
          </Space>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('field.address')}>{detail.address || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('field.unit')}>
        {u ? (
          <Space wrap size={4}>
            <Link to={`/units/${u.id}`}>
              <Typography.Text code>{u.serialNumber}</Typography.Text>
            </Link>
            <span>
              {u.productModel} {u.productName}
            </span>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('detail.noUnit')}</Typography.Text>
        )}
      </Descriptions.Item>
      {u && (
        <Descriptions.Item label={t('field.warranty')}>
          <UnitEntitlementView unitId={u.id} fallback={{ inWarranty: u.inWarranty, end: u.warrantyEnd }} />
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** Linked cases (duplicate / related) and the cases merged into this one. */
function Links({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation('cases');
  if (!detail.links.length && !detail.mergedFrom.length)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noLinks')} />;
  return (
    <>
      {detail.links.length > 0 && (
        <Flex vertical gap={8} data-testid="case-links">
          {detail.links.map((l) => (
            <Space key={l.linkId} wrap size={4}>
              <Tag>{t(`detail.linkKinds.${l.kind}`)}</Tag>
              <Link to={`/cases/${l.caseId}`}>{l.number}</Link>
              <CaseStateTag state={l.state} />
              <Typography.Text>{l.title}</Typography.Text>
            </Space>
          ))}
        </Flex>
      )}
      {detail.mergedFrom.length > 0 && (
        <Flex gap={4} wrap style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('detail.mergedFrom')}：</Typography.Text>
          {detail.mergedFrom.map((m) => (
            <Link key={m.id} to={`/cases/${m.id}`}>
              {m.number}
            </Link>
          ))}
        </Flex>
      )}
    </>
  );
}

function Duplicates({ detail, onChanged }: { detail: CaseDetail; onChanged: (updated: CaseDetail) => void }) {
  const navigate = useNavigate();
  const duplicates = useQuery({
    queryKey: caseKeys.duplicates(detail.id),
    queryFn: () => api.get<DuplicateList>(`/cases/${detail.id}/duplicates`),
    enabled: detail.closedAt === null && detail.state !== 'merged',
  });
  if (duplicates.isLoading) return <Skeleton active paragraph={{ rows: 1 }} />;
  const linked = detail.links.map((l) => l.caseId);
  const candidates = (duplicates.data?.items ?? []).filter((c) => !linked.includes(c.id));
  return (
    <DuplicateCandidates
      source={detail}
      candidates={candidates}
      linkedIds={linked}
      onChanged={onChanged}
      onMerged={(target) => navigate(`/cases/${target.id}`)}
    />
  );
}

/**
 * 工单详情: header (number, type, state, severity/urgency, owner with 转交), the allowed actions as
 * buttons exactly as the server returns them (for a workflow whose feature lists its own actions, e.g.
 * the repair work order, that list plus the case's wait/resume), deadlines with live colours, customer and unit,
 * links and duplicates, notes and the full timeline. Every command sends the version read; a stale
 * version offers a reload, an action no longer allowed says so and reloads.
 */
export function CaseDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('cases');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const can = useCan();
  const typeLabel = useCaseTypeLabel();
  const query = useCase(id);
  const now = useNow(NOW_TICK_MS);
  const [action, setAction] = useState<string | null>(null);
  const [ownerOpen, setOwnerOpen] = useState(false);
  const [linkMode, setLinkMode] = useState<'link' | 'merge' | null>(null);

  const detail = query.data;
  const reload = () => {
    void query.refetch();
    void queryClient.invalidateQueries({ queryKey: caseKeys.duplicates(id) });
  };
  const updated = (next: CaseDetail) => {
    queryClient.setQueryData(caseKeys.detail(next.id), next);
    void queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
    void queryClient.invalidateQueries({
      queryKey: caseKeys.duplicates(next.id),
    });
  };

  if (query.isLoading) return <Skeleton active />;
  if (!detail) return <ApiErrorAlert error={query.error} ns="cases" onReload={reload} retry />;

  const open = detail.closedAt === null && detail.state !== 'merged';
  return (
    <>
      <PageHeader
        title={<span data-testid="case-number">{detail.number}</span>}
        onBack={() => navigate('/cases')}
        tags={
          <Space size={4} wrap>
            <Tag color="blue">{typeLabel(detail.type, detail.typeName)}</Tag>
            <CaseStateTag state={detail.state} />
            <SeverityTag severity={detail.severity} />
            <UrgencyTag urgency={detail.urgency} />
            {detail.escalated && <Tag color="magenta">{t('detail.escalated', { level: detail.escalationLevel })}</Tag>}
            {detail.waitingOn && <Tag color="processing">{t(`waitingOn.${detail.waitingOn}`)}</Tag>}
          </Space>
        }
        subTitle={detail.title}
        extra={
          <Button icon={<ReloadOutlined />} onClick={reload} loading={query.isFetching}>
            {t('common:button.refresh')}
          </Button>
        }
      >
        <Space wrap size={16}>
          <span>
            <Typography.Text type="secondary">{t('field.owner')}：</Typography.Text>
            <Typography.Text strong data-testid="case-owner">
              {detail.owner.name}
            </Typography.Text>
            {can('case.assign') && open && (
              <Button
                type="link"
                size="small"
                icon={<SwapOutlined />}
                onClick={() => setOwnerOpen(true)}
                data-testid="change-owner"
              >
                {t('detail.changeOwner')}
              </Button>
            )}
          </span>
          <span>
            <Typography.Text type="secondary">{t('field.createdAt')}：</Typography.Text>
            {formatDateTime(detail.createdAt)}
            {detail.createdBy ? ` · ${detail.createdBy.name}` : ''}
          </span>
          <span>
            <Typography.Text type="secondary">{t('field.channel')}：</Typography.Text>
            {t(`channel.${detail.channel}`)}
          </span>
        </Space>
      </PageHeader>

      {detail.mergedInto && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <span>
              {t('detail.mergedInto', { number: detail.mergedInto.number })}{' '}
              <Link to={`/cases/${detail.mergedInto.id}`}>{detail.mergedInto.number}</Link>
            </span>
          }
        />
      )}
      {detail.waitingOn && detail.waitingSince && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('detail.waitingSince', {
            reason: t(`waitingOn.${detail.waitingOn}`),
            time: formatDateTime(detail.waitingSince),
          })}
        />
      )}
      {query.error && <ApiErrorAlert error={query.error} ns="cases" onReload={reload} retry />}

      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('detail.actions')} style={{ marginBottom: 16 }}>
            <CaseActions detail={detail} onAction={setAction} />
            {open && (can('case.update') || can('case.merge')) && (
              <Flex gap={8} wrap style={{ marginTop: 12 }}>
                {can('case.update') && (
                  <Button size="small" icon={<LinkOutlined />} onClick={() => setLinkMode('link')} data-testid="link-case">
                    {t('detail.linkCase')}
                  </Button>
                )}
                {can('case.merge') && (
                  <Button size="small" icon={<BranchesOutlined />} onClick={() => setLinkMode('merge')} data-testid="merge-case">
                    {t('detail.mergeCase')}
                  </Button>
                )}
              </Flex>
            )}
          </Card>
          <Card size="small" title={t('detail.deadlines')} style={{ marginBottom: 16 }}>
            <DeadlinePanel deadlines={detail.deadlines} now={now} />
          </Card>
          {casePanelsFor(detail.workflow, 'main').map(({ key, titleKey, Component }) => (
            <Card key={key} size="small" title={t(titleKey)} style={{ marginBottom: 16 }}>
              <Component detail={detail} onChanged={reload} />
            </Card>
          ))}
          <Card size="small" title={t('detail.caseInfo')} style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('field.title')} span="filled">
                {detail.title}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.description')} span="filled">
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{detail.description || '—'}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('field.faultStartedOn')}>{formatDate(detail.faultStartedOn)}</Descriptions.Item>
              <Descriptions.Item label={t('field.usageEnvironment')}>{detail.usageEnvironment || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('field.onSite')}>
                {detail.onSiteRequired ? t('common:state.yes') : t('common:state.no')}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.updatedAt')}>{formatDateTime(detail.updatedAt)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('detail.timeline')} style={{ marginBottom: 16 }}>
            {can('case.update') && (
              <NoteBox
                caseId={detail.id}
                onAdded={() => {
                  void query.refetch();
                  void queryClient.invalidateQueries({
                    queryKey: caseKeys.timeline(detail.id),
                  });
                }}
              />
            )}
            <CaseTimeline caseId={detail.id} events={detail.timeline} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('detail.customerAndUnit')} style={{ marginBottom: 16 }}>
            <CustomerAndUnit detail={detail} />
          </Card>
          {casePanelsFor(detail.workflow, 'side').map(({ key, titleKey, Component }) => (
            <Card key={key} size="small" title={t(titleKey)} style={{ marginBottom: 16 }}>
              <Component detail={detail} onChanged={reload} />
            </Card>
          ))}
          <Card size="small" title={t('attachments.title')} style={{ marginBottom: 16 }}>
            <CaseAttachments caseId={detail.id} canUpload={can('case.update') && open} />
          </Card>
          <Card size="small" title={t('detail.links')} style={{ marginBottom: 16 }}>
            <Links detail={detail} />
          </Card>
          {open && (
            <Card size="small" title={t('detail.duplicates')} style={{ marginBottom: 16 }}>
              <Duplicates detail={detail} onChanged={updated} />
            </Card>
          )}
        </Col>
      </Row>

      <ActionDialog
        detail={detail}
        action={action}
        onClose={() => setAction(null)}
        onDone={(next) => {
          setAction(null);
          updated(next);
        }}
        onStale={() => {
          setAction(null);
          reload();
        }}
      />
      <OwnerDialog
        detail={detail}
        open={ownerOpen}
        onClose={() => setOwnerOpen(false)}
        onDone={(next) => {
          setOwnerOpen(false);
          updated(next);
        }}
        onStale={() => {
          setOwnerOpen(false);
          reload();
        }}
      />
      <LinkDialog
        detail={detail}
        mode={linkMode}
        onClose={() => setLinkMode(null)}
        onLinked={(next) => {
          setLinkMode(null);
          updated(next);
        }}
        onMerged={(target) => {
          setLinkMode(null);
          void queryClient.invalidateQueries({ queryKey: caseKeys.all });
          navigate(`/cases/${target.id}`);
        }}
        onStale={() => {
          setLinkMode(null);
          reload();
        }}
      />
    </>
  );
}
