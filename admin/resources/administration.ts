import type { CurrentAdmin, ResourceWithOptions } from 'adminjs';
import { ApiToken, Organization, User, USER_ROLES } from '../../core/db/entities/index.js';
import { both, forceOwnerFilter, isAdmin, nobody, ownerOr, type AccessRule } from './access.js';
import { ADMINISTRATION, values } from './navigation.js';
import { TypeormResource } from './typeorm-resource.js';
import {
  ADMIN_USER_FIELDS, PERSON_FIELDS, editUserHandler, newUserHandler, resetPasswordHandler, setActiveHandler,
} from './user-actions.js';
import { readToAllWriteToAdmins } from './vocabularies.js';
import type { PanelComponents } from '../panel/components.js';

const self = ownerOr('id');
const isActive = (want: boolean): AccessRule => ({ record }) => !!record && record.param('active') === want;
const notMe: AccessRule = ({ currentAdmin, record }) => !!record && Number(record.id()) !== Number(currentAdmin?.id);
const editLayout = (admin?: CurrentAdmin) => (admin?.role === 'admin' ? [...ADMIN_USER_FIELDS] : [...PERSON_FIELDS]);

export function userResource(components: PanelComponents): ResourceWithOptions {
  return {
    resource: new TypeormResource(User, { scope: 'self', exact: ['role'] }),
    options: {
      navigation: ADMINISTRATION,
      titleProperty: 'email',
      listProperties: ['id', 'email', 'firstName', 'lastName', 'role', 'active', 'organization'],
      filterProperties: ['email', 'firstName', 'lastName', 'role', 'active', 'organization'],
      showProperties: ['id', 'email', 'role', 'active', 'firstName', 'lastName', 'initials', 'personRole', 'organization', 'createdAt', 'updatedAt'],
      editProperties: ['email', 'password', 'role', 'active', ...PERSON_FIELDS],
      properties: {
        email: { isTitle: true },
        role: { availableValues: values(USER_ROLES) },
        password: { type: 'password', isVisible: { list: false, filter: false, show: false, edit: true } },
      },
      actions: {
        list: { before: forceOwnerFilter('id') },
        search: { before: forceOwnerFilter('id') },
        show: { isAccessible: self },
        new: {
          isAccessible: isAdmin,
          handler: newUserHandler,
          layout: ['email', 'password', 'role', ...PERSON_FIELDS],
        },
        edit: { isAccessible: self, handler: editUserHandler, layout: editLayout },
        // Users own submissions and records: deactivate them instead.
        delete: { isAccessible: nobody },
        bulkDelete: { isAccessible: nobody },
        deactivate: {
          actionType: 'record', icon: 'UserX', variant: 'danger', component: false,
          guard: 'Deactivate this user? Their sessions and API tokens stop working at once.',
          isAccessible: both(isAdmin, isActive(true), notMe), handler: setActiveHandler(false),
        },
        activate: {
          actionType: 'record', icon: 'UserCheck', component: false,
          guard: 'Let this user log in again?',
          isAccessible: both(isAdmin, isActive(false)), handler: setActiveHandler(true),
        },
        resetPassword: {
          actionType: 'record', icon: 'Key', component: components.ResetPassword,
          isAccessible: isAdmin, handler: resetPasswordHandler,
        },
      },
    },
  };
}

export function organizationResource(): ResourceWithOptions {
  return {
    resource: new TypeormResource(Organization),
    options: {
      navigation: ADMINISTRATION,
      titleProperty: 'name',
      sort: { sortBy: 'name', direction: 'asc' },
      listProperties: ['id', 'name', 'country', 'role', 'uri'],
      filterProperties: ['name', 'country', 'role'],
      editProperties: ['name', 'address', 'country', 'uri', 'role'],
      properties: { name: { isTitle: true }, address: { type: 'textarea' } },
      actions: readToAllWriteToAdmins,
    },
  };
}

export function apiTokenResource(): ResourceWithOptions {
  const owner = ownerOr('user');
  return {
    resource: new TypeormResource(ApiToken, { scope: 'user' }),
    options: {
      navigation: ADMINISTRATION,
      titleProperty: 'name',
      listProperties: ['id', 'name', 'prefix', 'user', 'createdAt', 'lastUsedAt', 'revokedAt'],
      filterProperties: ['name', 'user', 'revokedAt'],
      showProperties: ['id', 'name', 'prefix', 'user', 'createdAt', 'lastUsedAt', 'expiresAt', 'revokedAt'],
      actions: {
        list: { before: forceOwnerFilter('user') },
        search: { before: forceOwnerFilter('user') },
        show: { isAccessible: owner },
        // Tokens are created with POST /api/tokens, the only place that shows them.
        new: { isAccessible: nobody },
        edit: { isAccessible: nobody },
        delete: { isAccessible: owner },
        bulkDelete: { isAccessible: owner },
      },
    },
  };
}
