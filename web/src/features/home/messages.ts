const zhCN = {
  menu: { home: '工作台' },
  title: '工作台',
  greeting: {
    morning: '上午好，{{name}}',
    afternoon: '下午好，{{name}}',
    evening: '晚上好，{{name}}',
  },
  today: '今天是 {{date}}',
  myRoles: '我的角色',
  noRoles: '尚未分配角色，请联系系统管理员',
  quickLinks: '快捷入口',
  noLinks: '暂无可用的功能，请联系系统管理员开通权限',
  open: '进入',
};

const en: typeof zhCN = {
  menu: { home: 'Workbench' },
  title: 'Workbench',
  greeting: {
    morning: 'Good morning, {{name}}',
    afternoon: 'Good afternoon, {{name}}',
    evening: 'Good evening, {{name}}',
  },
  today: 'Today is {{date}}',
  myRoles: 'My roles',
  noRoles: 'No roles assigned yet; ask your administrator',
  quickLinks: 'Quick links',
  noLinks: 'No features are available to you yet; ask your administrator for access',
  open: 'Open',
};

export const messages = { 'zh-CN': zhCN, en };
