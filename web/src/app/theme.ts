import type { ThemeConfig } from 'antd';

/** A clean blue enterprise theme: antd's blue, dense tables, a dark navy side menu. */
export const SIDER_BG = '#001529';

export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: '#1677ff',
    colorInfo: '#1677ff',
    colorLink: '#1677ff',
    borderRadius: 6,
    fontSize: 14,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
    colorBgLayout: '#f0f2f5',
  },
  components: {
    Layout: { siderBg: SIDER_BG, triggerBg: '#002140', headerBg: '#ffffff', headerPadding: '0 16px', headerHeight: 56 },
    Menu: { darkItemBg: SIDER_BG, darkSubMenuItemBg: '#000c17' },
    Table: { headerBg: '#fafafa' },
    Card: { headerFontSize: 16 },
  },
};
