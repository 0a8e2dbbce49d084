import { pathSegment } from '../transport';

/** A user's completions: where Create posts, and where Skip Existing and read-backs list. */
export function userCompletionsPath(userId: string): string {
	return `/unified/lms/users/${pathSegment(userId)}/completions`;
}
