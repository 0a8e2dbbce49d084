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
