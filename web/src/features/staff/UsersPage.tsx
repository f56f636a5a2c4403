import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType, TableProps } from 'antd';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { RoleName } from '../../../../contracts/auth';
import { api } from '../../api/client';
import { useCan, useCurrentUser } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { RoleTags } from '../../components/RoleTags';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import { type TreeSelectNode, toTreeSelectData } from '../../components/tree';
import {
  type CreateUserRequest,
  type StaffUser,
  staffKeys,
  type UpdateUserRequest,
  type UserPage,
  useAllDepartments,
  useAllGrades,
  useAllRegions,
  useSkillCategories,
} from './api';
import { ROLE_ORDER, SKILL_LEVELS } from './roles';

/** Same rules as contracts/staff.ts. */
export const MIN_PASSWORD_LENGTH = 8;
const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

interface UserFormValues {
  username: string;
  displayName: string;
  password?: string;
  email?: string;
  phone?: string;
  departmentId?: string | null;
  grade?: string | null;
  roles: RoleName[];
  skills: { categoryId?: string; level: number }[];
  regionIds: string[];
}

/** The API's field paths → this form's field names (regionIds.3 is the one field regionIds). */
function mapUserPath(path: (string | number)[]): (string | number)[] | null {
  if (path[0] === 'skills' && path.length >= 3) return ['skills', Number(path[1]), String(path[2])];
  if (path[0] === 'regionIds' || path[0] === 'roles') return [path[0]];
  return path;
}

/** Create (user = null) or edit a user: account, department, grade, roles, skills, regions. */
export function UserDrawer({ open, user, onClose }: { open: boolean; user: StaffUser | null; onClose: () => void }) {
  const { t } = useTranslation('staff');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('staff');
  const me = useCurrentUser();
  const [form] = Form.useForm<UserFormValues>();
  const departments = useAllDepartments();
  const grades = useAllGrades();
  const regions = useAllRegions();
  const categories = useSkillCategories();
  const editing = user !== null;
  const editingSelfAsAdmin = editing && user.id === me.id && user.roles.includes('admin');

  const departmentTree = useMemo(() => toTreeSelectData(departments.data?.items ?? []), [departments.data]);
  const regionTree = useMemo(() => toTreeSelectData(regions.data?.items ?? []), [regions.data]);
  const categoryTree = useMemo(() => toTreeSelectData(categories.data?.items ?? []), [categories.data]);
  const gradeOptions = useMemo(
    () =>
      [...(grades.data?.items ?? [])]
        .sort((a, b) => a.rank - b.rank)
        .map((g) => ({ value: g.code, label: g.name, disabled: g.archived })),
    [grades.data],
  );

  const save = useMutation({
    mutationFn: (values: UserFormValues) => {
      const common = {
        displayName: values.displayName,
        email: values.email?.trim() || null,
        phone: values.phone?.trim() || null,
        departmentId: values.departmentId ?? null,
        grade: values.grade ?? null,
        roles: values.roles ?? [],
        skills: (values.skills ?? []).filter((s) => s.categoryId).map((s) => ({ categoryId: s.categoryId!, level: s.level })),
        regionIds: values.regionIds ?? [],
      };
      if (user) {
        const body: UpdateUserRequest = { version: user.version, ...common };
        return api.patch<StaffUser>(`/users/${user.id}`, body);
      }
      const body: CreateUserRequest = { username: values.username.trim(), password: values.password!, ...common };
      return api.post<StaffUser>('/users', body);
    },
    onSuccess: () => {
      void message.success(editing ? t('user.saved') : t('user.created'));
      void queryClient.invalidateQueries({ queryKey: staffKeys.users });
      onClose();
    },
    onError: (error) =>
      showError(error, {
        form,
        mapPath: mapUserPath,
        onReload: () => {
          void queryClient.invalidateQueries({ queryKey: staffKeys.users });
          onClose();
        },
      }),
  });

  const initialValues: Partial<UserFormValues> = user
    ? {
        username: user.username,
        displayName: user.displayName,
        email: user.email ?? undefined,
        phone: user.phone ?? undefined,
        departmentId: user.departmentId,
        grade: user.grade,
        roles: user.roles,
        skills: user.skills.map((s) => ({ categoryId: s.categoryId, level: s.level })),
        regionIds: user.regions.map((r) => r.regionId),
      }
    : { roles: [], skills: [], regionIds: [] };

  return (
    <Drawer
      open={open}
      title={editing ? t('user.edit') : t('user.create')}
      size={640}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:button.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common:button.save')}
          </Button>
        </Space>
      }
    >
      <Form<UserFormValues>
        key={user?.id ?? 'new'}
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={initialValues}
        onFinish={(values) => save.mutate(values)}
      >
        <Flex gap={16} wrap>
          <Form.Item
            name="username"
            label={t('user.username')}
            extra={editing ? undefined : t('user.usernameHint')}
            style={{ flex: 1, minWidth: 220 }}
            rules={[
              { required: true, message: t('user.usernameRequired') },
              { pattern: USERNAME_PATTERN, message: t('user.usernameInvalid') },
              { min: 2, message: t('user.usernameInvalid') },
            ]}
          >
            <Input autoFocus={!editing} disabled={editing} maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('user.displayName')}
            style={{ flex: 1, minWidth: 220 }}
            rules={[{ required: true, whitespace: true, message: t('user.displayNameRequired') }]}
          >
            <Input autoFocus={editing} maxLength={100} />
          </Form.Item>
        </Flex>
        {!editing && (
          <Form.Item
            name="password"
            label={t('user.password')}
            rules={[
              { required: true, message: t('user.passwordRequired') },
              { min: MIN_PASSWORD_LENGTH, message: t('user.passwordTooShort', { count: MIN_PASSWORD_LENGTH }) },
            ]}
          >
            <Input.Password autoComplete="new-password" maxLength={256} />
          </Form.Item>
        )}
        <Flex gap={16} wrap>
          <Form.Item name="phone" label={t('user.phone')} style={{ flex: 1, minWidth: 220 }}>
            <Input maxLength={32} inputMode="tel" />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('user.email')}
            style={{ flex: 1, minWidth: 220 }}
            rules={[{ type: 'email', message: t('user.emailInvalid') }]}
          >
            <Input maxLength={200} inputMode="email" />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="departmentId" label={t('user.department')} style={{ flex: 1, minWidth: 220 }}>
            <TreeSelect treeData={departmentTree} treeDefaultExpandAll allowClear showSearch treeNodeFilterProp="title" />
          </Form.Item>
          <Form.Item name="grade" label={t('user.grade')} style={{ flex: 1, minWidth: 220 }}>
            <Select options={gradeOptions} allowClear />
          </Form.Item>
        </Flex>
        <Form.Item name="roles" label={t('user.roles')} extra={t('user.rolesHint')}>
          <Checkbox.Group>
            <Flex wrap gap={8}>
              {ROLE_ORDER.map((role) => (
                <Checkbox key={role} value={role} disabled={role === 'admin' && editingSelfAsAdmin}>
                  {t(`common:role.${role}`)}
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
        {editingSelfAsAdmin && <Alert type="info" showIcon title={t('user.selfAdminLocked')} style={{ marginBottom: 16 }} />}
        <Form.Item label={t('user.skills')} extra={t('user.skillsHint')}>
          <Form.List name="skills">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="start">
                    <Form.Item
                      name={[field.name, 'categoryId']}
                      style={{ flex: 1, marginBottom: 8 }}
                      rules={[{ required: true, message: t('user.skillCategoryRequired') }]}
                    >
                      <TreeSelect
                        treeData={categoryTree}
                        treeDefaultExpandAll
                        showSearch
                        treeNodeFilterProp="title"
                        placeholder={t('user.skillCategory')}
                        aria-label={t('user.skillCategory')}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'level']} style={{ width: 130, marginBottom: 8 }}>
                      <Select
                        aria-label={t('user.skillLevel')}
                        options={SKILL_LEVELS.map((level) => ({ value: level, label: t(`skill.level.${level}`) }))}
                      />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} aria-label={t('user.removeSkill')} onClick={() => remove(field.name)} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ level: 3 })}>
                  {t('user.addSkill')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="regionIds" label={t('user.regions')} extra={t('user.regionsHint')}>
          <TreeSelect treeData={regionTree} treeDefaultExpandAll multiple allowClear showSearch treeNodeFilterProp="title" />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Drawer>
  );
}

function ResetPasswordModal({ user, onClose }: { user: StaffUser | null; onClose: () => void }) {
  const { t } = useTranslation('staff');
  const { message } = App.useApp();
  const showError = useShowApiError('staff');
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const reset = useMutation({
    mutationFn: (password: string) => api.post<StaffUser>(`/users/${user!.id}/reset-password`, { password }),
    onSuccess: () => {
      void message.success(t('resetPassword.done'));
      onClose();
    },
    onError: (error) => showError(error, { form }),
  });
  return (
    <Modal
      open={user !== null}
      title={t('resetPassword.title', { name: user?.displayName ?? '' })}
      okText={t('resetPassword.submit')}
      cancelText={t('common:button.cancel')}
      confirmLoading={reset.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('resetPassword.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} onFinish={(values) => reset.mutate(values.password)}>
        <Form.Item
          name="password"
          label={t('resetPassword.password')}
          rules={[
            { required: true, message: t('resetPassword.required') },
            { min: MIN_PASSWORD_LENGTH, message: t('user.passwordTooShort', { count: MIN_PASSWORD_LENGTH }) },
          ]}
        >
          <Input.Password autoFocus autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('resetPassword.confirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('resetPassword.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('resetPassword.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

type StatusFilter = 'active' | 'disabled' | 'all';

/** For filters every node can be picked, archived ones too (old records still point to them). */
function filterTree(tree: TreeSelectNode[]): TreeSelectNode[] {
  return tree.map((n) => ({ ...n, disabled: false, ...(n.children ? { children: filterTree(n.children) } : {}) }));
}

/** 用户管理: users with role/department/skill/region filters; create, edit, disable/enable, reset password. */
export function UsersPage() {
  const { t } = useTranslation('staff');
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('staff.write');
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const showError = useShowApiError('staff');
  const [params, setParams] = useSearchParams();
  const [sort, setSort] = useState('username');
  const [editing, setEditing] = useState<StaffUser | null | undefined>(undefined);
  const [resetting, setResetting] = useState<StaffUser | null>(null);
  const departments = useAllDepartments();
  const regions = useAllRegions();
  const categories = useSkillCategories();
  const departmentTree = useMemo(() => filterTree(toTreeSelectData(departments.data?.items ?? [])), [departments.data]);
  const regionTree = useMemo(() => filterTree(toTreeSelectData(regions.data?.items ?? [])), [regions.data]);
  const categoryTree = useMemo(() => filterTree(toTreeSelectData(categories.data?.items ?? [])), [categories.data]);

  const q = params.get('q') ?? '';
  const role = (params.get('role') as RoleName | null) ?? undefined;
  const departmentId = params.get('departmentId') ?? undefined;
  const skillCategoryId = params.get('skillCategoryId') ?? undefined;
  const regionId = params.get('regionId') ?? undefined;
  const status = (params.get('status') as StatusFilter | null) ?? 'all';
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const filters = {
    q: q || undefined,
    role,
    departmentId,
    skillCategoryId,
    regionId,
    status: status === 'all' ? undefined : status,
    sort,
  };
  const list = useCursorList<StaffUser>({
    queryKey: [...staffKeys.users, 'list', filters],
    fetchPage: ({ cursor, limit }) => api.get<UserPage>('/users', { ...filters, cursor, limit }),
  });

  const setStatus = useMutation({
    mutationFn: ({ user, to }: { user: StaffUser; to: 'disable' | 'enable' }) =>
      api.post<StaffUser>(`/users/${user.id}/${to}`, { version: user.version }),
    onSuccess: (_, { to }) => {
      void message.success(to === 'disable' ? t('user.disabled') : t('user.enabled'));
      void queryClient.invalidateQueries({ queryKey: staffKeys.users });
    },
    onError: (error) => showError(error, { onReload: list.refetch }),
  });

  const columns: TableColumnsType<StaffUser> = [
    {
      title: t('user.username'),
      dataIndex: 'username',
      key: 'username',
      width: 130,
      sorter: true,
      sortOrder: sort === 'username' ? 'ascend' : sort === '-username' ? 'descend' : null,
    },
    {
      title: t('user.displayName'),
      dataIndex: 'displayName',
      key: 'displayName',
      width: 120,
      sorter: true,
      sortOrder: sort === 'displayName' ? 'ascend' : sort === '-displayName' ? 'descend' : null,
      render: (name: string, user) => (
        <>
          {name}
          {user.id === me.id && <Typography.Text type="secondary">{t('user.self')}</Typography.Text>}
        </>
      ),
    },
    {
      title: t('user.department'),
      dataIndex: 'departmentName',
      key: 'department',
      width: 120,
      render: (v: string | null) => v ?? t('user.none'),
    },
    { title: t('user.roles'), dataIndex: 'roles', key: 'roles', render: (roles: string[]) => <RoleTags roles={roles} /> },
    {
      title: t('user.grade'),
      dataIndex: 'gradeName',
      key: 'grade',
      width: 80,
      render: (v: string | null) => v ?? t('user.none'),
    },
    {
      title: t('user.skills'),
      dataIndex: 'skills',
      key: 'skills',
      render: (skills: StaffUser['skills']) =>
        skills.length
          ? skills.map((s) => (
              <Tag key={s.categoryId} color="geekblue">
                {t('skill.tag', { name: s.categoryName, level: s.level })}
              </Tag>
            ))
          : t('user.none'),
    },
    {
      title: t('user.regions'),
      dataIndex: 'regions',
      key: 'regions',
      render: (rs: StaffUser['regions']) => (rs.length ? rs.map((r) => r.regionName).join('、') : t('user.none')),
    },
    { title: t('user.phone'), dataIndex: 'phone', key: 'phone', width: 130, render: (v: string | null) => v ?? t('user.none') },
    {
      title: t('user.status'),
      dataIndex: 'status',
      key: 'status',
      width: 80,
      render: (v: StaffUser['status']) => <Tag color={v === 'active' ? 'green' : 'red'}>{t(`user.statusValue.${v}`)}</Tag>,
    },
    ...(canWrite
      ? [
          {
            title: t('common:list.actions'),
            key: 'actions',
            width: 220,
            fixed: 'right' as const,
            render: (_: unknown, user: StaffUser) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing(user)}>
                  {t('common:button.edit')}
                </Button>
                <Button type="link" size="small" onClick={() => setResetting(user)}>
                  {t('resetPassword.action')}
                </Button>
                {user.status === 'active' ? (
                  user.id !== me.id && (
                    <Popconfirm
                      title={t('user.disableConfirm')}
                      okText={t('user.disable')}
                      cancelText={t('common:button.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => setStatus.mutateAsync({ user, to: 'disable' }).catch(() => undefined)}
                    >
                      <Button type="link" size="small" danger>
                        {t('user.disable')}
                      </Button>
                    </Popconfirm>
                  )
                ) : (
                  <Button type="link" size="small" onClick={() => setStatus.mutate({ user, to: 'enable' })}>
                    {t('user.enable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const onTableChange: TableProps<StaffUser>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    if (!s?.order || !s.columnKey) setSort('username');
    else setSort(`${s.order === 'descend' ? '-' : ''}${String(s.columnKey)}`);
  };

  return (
    <>
      <PageHeader
        title={t('user.title')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('user.create')}
            </Button>
          )
        }
      />
      <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search" aria-label={t('user.search')}>
        <Input.Search
          defaultValue={q}
          allowClear
          placeholder={t('user.searchPlaceholder')}
          aria-label={t('user.searchPlaceholder')}
          style={{ width: 240 }}
          onSearch={(value) => setParam('q', value.trim() || undefined)}
        />
        <Select<RoleName>
          value={role}
          allowClear
          placeholder={t('user.allRoles')}
          aria-label={t('user.roles')}
          style={{ width: 140 }}
          options={ROLE_ORDER.map((r) => ({ value: r, label: t(`common:role.${r}`) }))}
          onChange={(value) => setParam('role', value)}
        />
        <TreeSelect
          value={departmentId}
          treeData={departmentTree}
          treeDefaultExpandAll
          allowClear
          showSearch
          treeNodeFilterProp="title"
          placeholder={t('user.allDepartments')}
          aria-label={t('user.department')}
          style={{ width: 170 }}
          onChange={(value?: string) => setParam('departmentId', value)}
        />
        <TreeSelect
          value={skillCategoryId}
          treeData={categoryTree}
          treeDefaultExpandAll
          allowClear
          showSearch
          treeNodeFilterProp="title"
          placeholder={t('user.anySkill')}
          aria-label={t('user.skills')}
          style={{ width: 150 }}
          onChange={(value?: string) => setParam('skillCategoryId', value)}
        />
        <TreeSelect
          value={regionId}
          treeData={regionTree}
          treeDefaultExpandAll
          allowClear
          showSearch
          treeNodeFilterProp="title"
          placeholder={t('user.anyRegion')}
          aria-label={t('user.regions')}
          style={{ width: 150 }}
          onChange={(value?: string) => setParam('regionId', value)}
        />
        <Select<StatusFilter>
          value={status}
          aria-label={t('user.status')}
          style={{ width: 110 }}
          options={[
            { value: 'all', label: t('user.allStatuses') },
            { value: 'active', label: t('user.statusValue.active') },
            { value: 'disabled', label: t('user.statusValue.disabled') },
          ]}
          onChange={(value) => setParam('status', value === 'all' ? undefined : value)}
        />
      </Flex>
      <ApiErrorAlert error={list.error} ns="staff" onReload={list.refetch} retry />
      <Table<StaffUser>
        rowKey="id"
        size="middle"
        columns={columns}
        {...list.tableProps}
        onChange={onTableChange}
        scroll={{ x: 1280 }}
        locale={{ emptyText: t('user.empty') }}
      />
      <LoadMore list={list} />
      <UserDrawer open={editing !== undefined} user={editing ?? null} onClose={() => setEditing(undefined)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
