import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Image, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { attachment, attachmentList } from '../../../../contracts/attachments';
import { ApiError, api } from '../../api/client';
import { useShowApiError } from '../../components/apiErrors';
import { formatDateTime } from '../../components/format';

type Attachment = z.infer<typeof attachment>;
type AttachmentList = z.infer<typeof attachmentList>;

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 102.4) / 10} KB`;
  return `${Math.round(bytes / (1024 * 102.4)) / 10} MB`;
}

/** 附件 of a case (GET /attachments?entity=case): photos as thumbnails, files as downloads, and upload. */
export function CaseAttachments({ caseId, canUpload }: { caseId: string; canUpload: boolean }) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const showError = useShowApiError('cases');
  const list = useQuery({
    queryKey: ['attachments', 'case', caseId],
    queryFn: () =>
      api.get<AttachmentList>('/attachments', {
        entity: 'case',
        entityId: caseId,
      }),
    retry: false,
  });
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('entity', 'case');
      form.append('entityId', caseId);
      form.append('file', file, file.name);
      return api.upload<Attachment>('/attachments', form);
    },
    onSuccess: (a) => {
      void message.success(t('attachments.uploaded', { name: a.fileName }));
      void list.refetch();
    },
    onError: (error) => showError(error),
  });
  if (list.error instanceof ApiError && list.error.status === 404 && list.error.code === 'not_found' && !list.data) {
    return <Typography.Text type="secondary">{t('attachments.unavailable')}</Typography.Text>;
  }
  const items = list.data?.items ?? [];
  return (
    <Flex vertical gap={8} data-testid="case-attachments">
      {items.length === 0 && !list.isLoading && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attachments.empty')} />
      )}
      {items.map((a) => (
        <Flex key={a.id} gap={8} align="center">
          {a.image ? (
            <Image
              width={40}
              height={40}
              style={{ objectFit: 'cover' }}
              src={api.url(a.downloadPath, { inline: 'true' })}
              alt={a.fileName}
            />
          ) : (
            <PaperClipOutlined />
          )}
          <Flex vertical style={{ minWidth: 0 }}>
            <Typography.Link href={api.url(a.downloadPath)} ellipsis>
              {a.fileName}
            </Typography.Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {size(a.sizeBytes)} · {formatDateTime(a.createdAt)}
              {a.uploadedBy ? ` · ${t('attachments.by', { name: a.uploadedBy.name })}` : ''}
            </Typography.Text>
          </Flex>
        </Flex>
      ))}
      {canUpload && (
        <Upload
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate(file);
            return false;
          }}
        >
          <Button size="small" icon={<UploadOutlined />} loading={upload.isPending}>
            {t('attachments.upload')}
          </Button>
        </Upload>
      )}
    </Flex>
  );
}
