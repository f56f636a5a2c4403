import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useShowApiError } from '../../components/apiErrors';
import type {
  AdjustStockRequest,
  ReceiveStockRequest,
  SetStockMinimumRequest,
  StockCommandResult,
  StockLevel,
  TransferStockRequest,
} from './api';
import { LocationSelect, PartSelect, partLabel, useStockErrorHandler } from './pickers';

/** 入库 / 调拨 / 调整 / 最低库存 dialogs of the 库存 page. Each is one command: all lines or nothing. */

interface LineValue {
  partId?: string;
  quantity?: number;
}

/** Part + quantity rows (Form.List 'lines'); a server error on ['lines', i, 'quantity'] lands on its row. */
function PartLines() {
  const { t } = useTranslation('parts');
  return (
    <Form.List name="lines" initialValue={[{}]}>
      {(fields, { add, remove }) => (
        <>
          <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
            {t('stock.lines')}
          </Typography.Text>
          {fields.map((field, index) => (
            <Flex key={field.key} gap={8} align="start">
              <Form.Item
                name={[field.name, 'partId']}
                rules={[{ required: true, message: t('stock.partRequired') }]}
                style={{ flex: 1, minWidth: 0 }}
              >
                <PartSelect aria-label={`${t('part.select')} ${index + 1}`} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'quantity']}
                rules={[{ required: true, message: t('stock.quantityRequired') }]}
                style={{ width: 130 }}
              >
                <InputNumber
                  min={1}
                  max={1_000_000}
                  precision={0}
                  placeholder={t('stock.quantity')}
                  aria-label={`${t('stock.quantity')} ${index + 1}`}
                  style={{ width: '100%' }}
                />
              </Form.Item>
              <Button
                type="text"
                icon={<MinusCircleOutlined />}
                aria-label={t('common:button.remove')}
                disabled={fields.length === 1}
                onClick={() => remove(field.name)}
              />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block style={{ marginBottom: 16 }}>
            {t('stock.addLine')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

const cleanLines = (lines: LineValue[] | undefined) =>
  (lines ?? [])
    .filter((l) => l.partId && l.quantity)
    .map((l) => ({ partId: l.partId as string, quantity: l.quantity as number }));

interface DialogProps {
  open: boolean;
  onClose: () => void;
  onDone: (result: StockCommandResult) => void;
}

export function ReceiveDialog({ open, onClose, onDone, locationId }: DialogProps & { locationId?: string }) {
  const { t } = useTranslation('parts');
  const { message } = App.useApp();
  const handleError = useStockErrorHandler();
  const [form] = Form.useForm();
  const receive = useMutation({
    mutationFn: (body: ReceiveStockRequest) => api.post<StockCommandResult>('/stock/receive', body),
  });
  return (
    <Modal
      open={open}
      title={t('stock.receiveTitle')}
      width={640}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common:button.confirm')}
      cancelText={t('common:button.cancel')}
      confirmLoading={receive.isPending}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ locationId }}
        onFinish={(values: { locationId: string; lines: LineValue[]; supplier?: string; purchaseNo?: string; reason?: string }) =>
          receive.mutate(
            {
              locationId: values.locationId,
              lines: cleanLines(values.lines),
              supplier: values.supplier?.trim() || null,
              reason: values.reason?.trim() || null,
              reference: values.purchaseNo?.trim() ? { type: 'purchase', id: values.purchaseNo.trim() } : null,
            },
            {
              onSuccess: (result) => {
                void message.success(t('stock.received'));
                onDone(result);
              },
              onError: (error) => handleError(error, { form }),
            },
          )
        }
      >
        <Form.Item
          name="locationId"
          label={t('stock.receiveTo')}
          rules={[{ required: true, message: t('stock.locationRequired') }]}
        >
          <LocationSelect />
        </Form.Item>
        <PartLines />
        <Flex gap={16} wrap>
          <Form.Item name="supplier" label={t('stock.supplier')} style={{ flex: 1, minWidth: 200 }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="purchaseNo" label={t('stock.purchaseNo')} style={{ flex: 1, minWidth: 200 }}>
            <Input maxLength={64} />
          </Form.Item>
        </Flex>
        <Form.Item name="reason" label={t('stock.remark')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function TransferDialog({ open, onClose, onDone, fromLocationId }: DialogProps & { fromLocationId?: string }) {
  const { t } = useTranslation('parts');
  const { message } = App.useApp();
  const handleError = useStockErrorHandler();
  const [form] = Form.useForm();
  const from = Form.useWatch('fromLocationId', form) as string | undefined;
  const transfer = useMutation({
    mutationFn: (body: TransferStockRequest) => api.post<StockCommandResult>('/stock/transfer', body),
  });
  return (
    <Modal
      open={open}
      title={t('stock.transferTitle')}
      width={640}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common:button.confirm')}
      cancelText={t('common:button.cancel')}
      confirmLoading={transfer.isPending}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ fromLocationId }}
        onFinish={(values: { fromLocationId: string; toLocationId: string; lines: LineValue[]; reason?: string }) =>
          transfer.mutate(
            {
              fromLocationId: values.fromLocationId,
              toLocationId: values.toLocationId,
              lines: cleanLines(values.lines),
              reason: values.reason?.trim() || null,
            },
            {
              onSuccess: (result) => {
                void message.success(t('stock.transferred'));
                onDone(result);
              },
              onError: (error) => handleError(error, { form }),
            },
          )
        }
      >
        <Flex gap={16} wrap>
          <Form.Item
            name="fromLocationId"
            label={t('stock.from')}
            rules={[{ required: true, message: t('stock.locationRequired') }]}
            style={{ flex: 1, minWidth: 220 }}
          >
            <LocationSelect />
          </Form.Item>
          <Form.Item
            name="toLocationId"
            label={t('stock.to')}
            dependencies={['fromLocationId']}
            rules={[
              { required: true, message: t('stock.locationRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  value && value === getFieldValue('fromLocationId')
                    ? Promise.reject(new Error(t('stock.sameLocation')))
                    : Promise.resolve(),
              }),
            ]}
            style={{ flex: 1, minWidth: 220 }}
          >
            <LocationSelect exclude={from} />
          </Form.Item>
        </Flex>
        <PartLines />
        <Form.Item name="reason" label={t('stock.remark')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 库存调整 of one level (from a row) or of any part at any location. */
export function AdjustDialog({ open, onClose, onDone, level }: DialogProps & { level?: StockLevel | null }) {
  const { t } = useTranslation('parts');
  const { message } = App.useApp();
  const handleError = useStockErrorHandler();
  const [form] = Form.useForm();
  const adjust = useMutation({ mutationFn: (body: AdjustStockRequest) => api.post<StockCommandResult>('/stock/adjust', body) });
  return (
    <Modal
      open={open}
      title={t('stock.adjustTitle')}
      width={520}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common:button.confirm')}
      cancelText={t('common:button.cancel')}
      confirmLoading={adjust.isPending}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={level ? { locationId: level.locationId, partId: level.partId } : undefined}
        onFinish={(values: { locationId: string; partId: string; quantity: number; reason: string }) =>
          adjust.mutate(
            { locationId: values.locationId, partId: values.partId, quantity: values.quantity, reason: values.reason.trim() },
            {
              onSuccess: (result) => {
                void message.success(t('stock.adjusted'));
                onDone(result);
              },
              onError: (error) => handleError(error, { form }),
            },
          )
        }
      >
        <Form.Item
          name="locationId"
          label={t('stock.location')}
          rules={[{ required: true, message: t('stock.locationRequired') }]}
        >
          <LocationSelect disabled={!!level} />
        </Form.Item>
        <Form.Item name="partId" label={t('stock.part')} rules={[{ required: true, message: t('stock.partRequired') }]}>
          <PartSelect
            disabled={!!level}
            known={
              level
                ? {
                    id: level.partId,
                    label: partLabel({ code: level.partCode, name: level.partName, specification: level.specification }),
                  }
                : undefined
            }
          />
        </Form.Item>
        {level && (
          <Typography.Paragraph type="secondary">{t('stock.currentAvailable', { count: level.available })}</Typography.Paragraph>
        )}
        <Form.Item
          name="quantity"
          label={t('stock.adjustQuantity')}
          extra={t('stock.adjustHelp')}
          rules={[
            { required: true, message: t('stock.quantityRequired') },
            { validator: (_, v) => (v === 0 ? Promise.reject(new Error(t('stock.quantityRequired'))) : Promise.resolve()) },
          ]}
        >
          <InputNumber min={-1_000_000} max={1_000_000} precision={0} style={{ width: '100%' }} autoFocus={!!level} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('stock.reason')}
          rules={[{ required: true, whitespace: true, message: t('stock.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** This location's own minimum for a part (empty = the part's minimum applies). */
export function MinimumDialog({
  open,
  onClose,
  onSaved,
  level,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
  level: StockLevel | null;
}) {
  const { t } = useTranslation('parts');
  const { message } = App.useApp();
  const showError = useShowApiError('parts');
  const [form] = Form.useForm();
  const save = useMutation({ mutationFn: (body: SetStockMinimumRequest) => api.put<StockLevel>('/stock-levels/minimum', body) });
  if (!level) return null;
  return (
    <Modal
      open={open}
      title={t('stock.minimumTitle')}
      width={460}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common:button.save')}
      cancelText={t('common:button.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph>
        {level.locationName} · {partLabel({ code: level.partCode, name: level.partName, specification: level.specification })}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ minQuantity: level.minQuantity }}
        onFinish={(values: { minQuantity?: number | null }) =>
          save.mutate(
            {
              locationId: level.locationId,
              partId: level.partId,
              minQuantity: values.minQuantity ?? null,
              version: level.version,
            },
            {
              onSuccess: () => {
                void message.success(t('stock.minimumSaved'));
                onSaved();
              },
              onError: (error) => showError(error, { form, onReload: onClose }),
            },
          )
        }
      >
        <Form.Item name="minQuantity" label={t('stock.threshold')} extra={t('stock.minimumHelp')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
