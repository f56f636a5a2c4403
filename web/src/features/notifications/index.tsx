import { BellOutlined, FileTextOutlined, InboxOutlined, MailOutlined, SendOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature';
import { messages } from './messages';

/**
 * 通知 (R-POR-2, R-REQ-1 by e-mail): 我的消息 for everyone; for the administrator 消息发送记录 (the
 * outbox: state, attempts, last error, resend), 通知模板, 通知与邮件设置 and 邮件收件记录.
 */
export const notificationsFeature: FeatureModule = {
  key: 'notifications',
  menu: [
    { path: '/notifications', labelKey: 'menu.inbox', icon: <BellOutlined />, descriptionKey: 'description.inbox' },
    {
      path: '/settings/outbox',
      labelKey: 'menu.outbox',
      icon: <SendOutlined />,
      permission: 'notification.manage',
      group: 'menuGroup.settings',
      descriptionKey: 'description.outbox',
    },
    {
      path: '/settings/notification-templates',
      labelKey: 'menu.templates',
      icon: <FileTextOutlined />,
      permission: 'notification.manage',
      group: 'menuGroup.settings',
      descriptionKey: 'description.templates',
    },
    {
      path: '/settings/notifications',
      labelKey: 'menu.settings',
      icon: <MailOutlined />,
      permission: 'notification.manage',
      group: 'menuGroup.settings',
    },
    {
      path: '/settings/inbound-emails',
      labelKey: 'menu.inbound',
      icon: <InboxOutlined />,
      permission: 'notification.manage',
      group: 'menuGroup.settings',
    },
  ],
  routes: [
    { path: 'notifications', lazy: async () => ({ Component: (await import('./InboxPage')).InboxPage }) },
    { path: 'settings/outbox', lazy: async () => ({ Component: (await import('./OutboxPage')).OutboxPage }) },
    { path: 'settings/notification-templates', lazy: async () => ({ Component: (await import('./TemplatesPage')).TemplatesPage }) },
    { path: 'settings/notifications', lazy: async () => ({ Component: (await import('./SettingsPage')).SettingsPage }) },
    { path: 'settings/inbound-emails', lazy: async () => ({ Component: (await import('./InboundEmailsPage')).InboundEmailsPage }) },
  ],
  messages,
};
