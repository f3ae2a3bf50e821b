import { useState } from 'preact/hooks';
import type { DuplicateRequestConflict } from '../contracts';
import { mappingHref, recordHref } from '../links';
import { NotifyMeButton, WillNotifyYou } from './MappingActions';

// The API refuses a request identical to one already pending and names that mapping: the guide's
// way is to follow it with Notify Me (§4.3) rather than to raise it twice.

export function DuplicateNotice({
  recordId,
  conflict,
}: {
  recordId: string;
  conflict: DuplicateRequestConflict;
}) {
  const [following, setFollowing] = useState(conflict.action === 'Will Notify You');
  const ref = conflict.existingRef;
  return (
    <div class="alert alert--warning" role="alert" data-testid="duplicate-request">
      <p class="alert__title">This course mapping request already exists</p>
      <p>{conflict.message}</p>
      <p class="alert__actions">
        <span>
          D.B. Ref. No. <a href={mappingHref(recordId, ref)}>{ref}</a>
        </span>
        {following ? (
          <>
            <WillNotifyYou />
            <a href={recordHref(recordId)}>See it in My Course Mapping Requests</a>
          </>
        ) : conflict.action === 'Notify Me' ? (
          <NotifyMeButton recordId={recordId} mappingRef={ref} onNotified={() => setFollowing(true)} />
        ) : (
          <a class="button button--small" href={mappingHref(recordId, ref)}>
            {conflict.action}
          </a>
        )}
      </p>
    </div>
  );
}
