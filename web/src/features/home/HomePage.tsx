import { AppstoreOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Flex, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan, useCurrentUser } from '../../app/session';
import { useVisibleMenu } from '../../app/shell';
import { companyToday, toCompanyTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { RoleTags } from '../../components/RoleTags';
import { Dashboard } from './Dashboard';

function greetingKey(now: Date): 'morning' | 'afternoon' | 'evening' {
  const hour = toCompanyTime(now).hour();
  if (hour < 12) return 'morning';
  if (hour < 18) return 'afternoon';
  return 'evening';
}

export function HomePage() {
  const { t } = useTranslation('home');
  const user = useCurrentUser();
  const sections = useVisibleMenu();
  const can = useCan();
  const now = new Date();
  const links = sections.flatMap((s) => s.items.map((item) => ({ ...item, group: s.group }))).filter((item) => item.path !== '/');

  return (
    <>
      <PageHeader
        title={t(`greeting.${greetingKey(now)}`, { name: user.displayName })}
        subTitle={t('today', { date: companyToday(now) })}
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {can('case.read') && <Dashboard />}
        <Card title={t('myRoles')} size="small">
          {user.roles.length ? (
            <RoleTags roles={user.roles} />
          ) : (
            <Typography.Text type="secondary">{t('noRoles')}</Typography.Text>
          )}
        </Card>
        <Card title={t('quickLinks')} size="small">
          {links.length === 0 ? (
            <Empty description={t('noLinks')} />
          ) : (
            <Row gutter={[12, 12]}>
              {links.map((item) => (
                <Col key={item.path} xs={24} sm={12} lg={8} xl={6}>
                  <Link to={item.path} aria-label={t(item.labelKey, { ns: item.featureKey })}>
                    <Card hoverable size="small">
                      <Flex align="center" gap={12}>
                        <span style={{ fontSize: 22, color: '#1677ff' }}>{item.icon ?? <AppstoreOutlined />}</span>
                        <Flex vertical style={{ flex: 1, minWidth: 0 }}>
                          <Typography.Text strong>{t(item.labelKey, { ns: item.featureKey })}</Typography.Text>
                          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                            {item.descriptionKey
                              ? t(item.descriptionKey, { ns: item.featureKey })
                              : t(item.group, { ns: 'common' })}
                          </Typography.Text>
                        </Flex>
                        <RightOutlined style={{ color: '#bfbfbf' }} />
                      </Flex>
                    </Card>
                  </Link>
                </Col>
              ))}
            </Row>
          )}
        </Card>
      </Space>
    </>
  );
}
