export { API_V1, ENDPOINTS } from './lib/api';
export { AgendasService } from './lib/agendas.service';
export { PagedList } from './lib/paged-list';
export { RequestsService, readCookie, type UploadProgress } from './lib/requests.service';
export { TasksService } from './lib/tasks.service';
export { NotificationsStore, NOTIFICATION_POLL_MS } from './lib/notifications.store';
