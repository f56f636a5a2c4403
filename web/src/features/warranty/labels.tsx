import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DefectiveDisposition, RmaState } from './api';

const RMA_COLOUR: Record<RmaState, string> = {
  to_ship: 'default',
  shipped_to_factory: 'blue',
  received_by_factory: 'geekblue',
  repaired_at_factory: 'cyan',
  unrepairable: 'error',
  shipped_back: 'purple',
  received_by_customer: 'success',
  cancelled: 'default',
};

/** 返厂 state as a coloured tag. */
export function RmaStateTag({ state }: { state: RmaState }) {
  const { t } = useTranslation('warranty');
  return (
    <Tag color={RMA_COLOUR[state]} data-testid="rma-state">
      {t(`rmaState.${state}`)}
    </Tag>
  );
}

const DISPOSITION_COLOUR: Record<DefectiveDisposition, string> = {
  pending: 'gold',
  scrap: 'default',
  repair: 'blue',
  return_to_supplier: 'purple',
  restock: 'green',
};

export function DispositionTag({ disposition }: { disposition: DefectiveDisposition }) {
  const { t } = useTranslation('warranty');
  return <Tag color={DISPOSITION_COLOUR[disposition]}>{t(`disposition.${disposition}`)}</Tag>;
}
