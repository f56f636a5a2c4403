import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** A user's roles as translated tags (系统管理员, 客服 …); never the role codes. */
export function RoleTags({ roles }: { roles: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color="blue">
          {t(`common:role.${r}`, { defaultValue: r })}
        </Tag>
      ))}
    </>
  );
}
