import { BellOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ApiErrorAlert } from '../../components/apiErrors';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import { type InboxMessage, type InboxPage as InboxPageData, notificationKeys } from './api';

/** 我的消息: the in-app messages of the logged-in user (jobs, deadline alerts, customer replies), newest first. */
export function InboxPage() {
  const { t } = useTranslation('notifications');
  const list = useCursorList<InboxMessage>({
    queryKey: notificationKeys.inbox,
    fetchPage: ({ cursor, limit }) => api.get<InboxPageData>('/notifications/inbox', { cursor, limit }),
    pageSize: 30,
  });
  return (
    <>
      <PageHeader
        title={t('inbox.title')}
        subTitle={t('inbox.subTitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.refetch}>
            {t('common:button.refresh')}
          </Button>
        }
      />
      <ApiErrorAlert error={list.error} ns="notifications" onReload={list.refetch} />
      <List<InboxMessage>
        bordered
        loading={list.isLoading}
        dataSource={list.items}
        locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
        renderItem={(m) => (
          <List.Item
            actions={
              m.related?.entity === 'case'
                ? [
                    <Link key="case" to={`/cases/${m.related.id}`}>
                      {t('inbox.openCase', { number: m.related.label ?? '' })}
                    </Link>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              avatar={<BellOutlined style={{ fontSize: 18, color: '#1677ff' }} />}
              title={
                <span>
                  {m.subject ?? ''}
                  <Typography.Text type="secondary" style={{ marginLeft: 12, fontWeight: 'normal', fontSize: 12 }}>
                    {formatDateTime(m.createdAt)}
                  </Typography.Text>
                </span>
              }
              description={<Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Typography.Text>}
            />
          </List.Item>
        )}
      />
      <LoadMore list={list} />
    </>
  );
}
