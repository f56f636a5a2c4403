import { ApiError, api } from '../../api/client';

/**
 * Files of a case go to the attachments module (POST /attachments, multipart: entity, entityId,
 * file). The case is created first, then its files are uploaded one by one; when the endpoint is
 * not there (404/405) the upload is skipped and the caller says so.
 */
export interface UploadOutcome {
  uploaded: number;
  failed: number;
  /** the attachments endpoint does not exist on this server */
  unavailable: boolean;
}

export async function uploadCaseAttachments(caseId: string, files: readonly File[]): Promise<UploadOutcome> {
  const outcome: UploadOutcome = { uploaded: 0, failed: 0, unavailable: false };
  for (const file of files) {
    const form = new FormData();
    form.append('entity', 'case');
    form.append('entityId', caseId);
    form.append('file', file, file.name);
    try {
      await api.upload('/attachments', form);
      outcome.uploaded += 1;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 405) && outcome.uploaded === 0) {
        return { uploaded: 0, failed: 0, unavailable: true };
      }
      outcome.failed += 1;
    }
  }
  return outcome;
}
