import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface PageHeaderProps {
  title: ReactNode;
  /** a line under the title, e.g. the record number or a short hint */
  subTitle?: ReactNode;
  /** tags after the title (status, class …) */
  tags?: ReactNode;
  /** buttons on the right (新建, 导出 …) */
  extra?: ReactNode;
  /** shows a back arrow (detail pages) */
  onBack?: () => void;
  children?: ReactNode;
}

/** The top of every page: title (an <h1> for screen readers and tests), back arrow, actions on the right. */
export function PageHeader({ title, subTitle, tags, extra, onBack, children }: PageHeaderProps) {
  const { t } = useTranslation();
  return (
    <div className="page-header" style={{ marginBottom: 16 }}>
      <Flex align="center" justify="space-between" wrap gap={12}>
        <Flex align="center" gap={8} wrap style={{ minWidth: 0 }}>
          {onBack && <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('common:button.back')} />}
          <Typography.Title level={1} style={{ margin: 0, fontSize: 20, lineHeight: '32px' }}>
            {title}
          </Typography.Title>
          {tags}
        </Flex>
        {extra && (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        )}
      </Flex>
      {subTitle && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
          {subTitle}
        </Typography.Text>
      )}
      {children && <div style={{ marginTop: 12 }}>{children}</div>}
    </div>
  );
}
