import { useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../api';
import { useApp } from '../context';
import { linkTo } from '../router';

// "Download signed decision" on an Approved application (issue 10 item 6): the decision as a JWS
// file that a receiving university verifies offline against CTS's public key, or on the Verify page.

export function DownloadSignedDecision({ applicationId }: { applicationId: string }) {
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | undefined>(undefined);
  const verifyHref = linkTo('/verify');

  const download = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const { jws, fileName } = await api.call('downloadSignedDecision', { path: { applicationId } });
      const url = URL.createObjectURL(new Blob([jws], { type: 'application/jose' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      // The click has handed the file over; the object URL is no longer needed.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (error) {
      setFailure(asApiError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="alert__actions">
      <button type="button" class="button" disabled={busy} onClick={() => void download()}>
        {busy ? 'Preparing…' : 'Download signed decision'}
      </button>
      <p class="field-hint">
        A document signed by HKUST that a receiving university can check without contacting us
        {verifyHref ? (
          <>
            , or on the <a href={verifyHref}>Verify page</a>
          </>
        ) : null}
        .
      </p>
      {failure && (
        <p class="field-error" role="alert">
          The signed decision could not be downloaded: {failure.message}
        </p>
      )}
    </div>
  );
}
