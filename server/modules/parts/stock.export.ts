import ExcelJS from 'exceljs';
import type { StockLevel } from '../../../contracts/parts.js';

/** 库存 export: one sheet, Chinese headers (the words of the warehouse's own spreadsheets). */

const KIND_LABEL: Record<StockLevel['locationKind'], string> = { warehouse: '仓库', van: '车载库' };

export const STOCK_EXPORT_COLUMNS: { header: string; key: string; width: number; value: (l: StockLevel) => string | number }[] = [
  { header: '库位编码', key: 'locationCode', width: 14, value: (l) => l.locationCode },
  { header: '库位名称', key: 'locationName', width: 20, value: (l) => l.locationName },
  { header: '库位类型', key: 'locationKind', width: 10, value: (l) => KIND_LABEL[l.locationKind] },
  { header: '备件编码', key: 'partCode', width: 18, value: (l) => l.partCode },
  { header: '备件名称', key: 'partName', width: 24, value: (l) => l.partName },
  { header: '规格', key: 'specification', width: 24, value: (l) => l.specification ?? '' },
  { header: '单位', key: 'unitOfMeasure', width: 8, value: (l) => l.unitOfMeasure },
  { header: '现存量', key: 'onHand', width: 10, value: (l) => l.onHand },
  { header: '已预留', key: 'reserved', width: 10, value: (l) => l.reserved },
  { header: '可用量', key: 'available', width: 10, value: (l) => l.available },
  { header: '最低库存', key: 'threshold', width: 10, value: (l) => l.threshold ?? '' },
  { header: '低于最低库存', key: 'low', width: 14, value: (l) => (l.low ? '是' : '否') },
  { header: '缺口', key: 'shortage', width: 8, value: (l) => l.shortage },
];

export async function stockLevelsWorkbook(levels: readonly StockLevel[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Aftersales';
  const sheet = workbook.addWorksheet('库存');
  sheet.columns = STOCK_EXPORT_COLUMNS.map(({ header, key, width }) => ({ header, key, width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const level of levels) {
    const row = sheet.addRow(Object.fromEntries(STOCK_EXPORT_COLUMNS.map((c) => [c.key, c.value(level)])));
    if (level.low) row.getCell('available').font = { color: { argb: 'FFCF1322' }, bold: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
