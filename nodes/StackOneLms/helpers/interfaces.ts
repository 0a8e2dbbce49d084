import type { IDataObject } from 'n8n-workflow';

/** The create-completion body as StackOne takes it (LmsCreateCompletionRequestDto). */
export interface CompletionBody extends IDataObject {
	learning_object_external_reference: string;
	learning_object_id?: string;
	completed_at?: string;
	time_spent?: string;
	result?: { value?: string; source_value?: string };
	score?: { percentage?: number; raw_value?: string };
	passthrough?: IDataObject;
	content_external_reference?: string;
	content_id?: string;
}

/** The create-assignment body as StackOne takes it (LmsCreateAssignmentRequestDto). */
export interface AssignmentBody extends IDataObject {
	learning_object_external_reference: string;
	external_reference?: string;
	learning_object_id?: string;
	progress?: number;
	assigned_at?: string;
	due_date?: string;
	status?: { value: string };
	passthrough?: IDataObject;
}

/** One learning object as StackOne's content upsert takes it (LmsUpsertContentRequestDto). */
export interface ContentBody extends IDataObject {
	external_reference: string;
}
