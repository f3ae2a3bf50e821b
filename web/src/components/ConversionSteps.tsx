import type { ApplicationConversionView, ConversionStepView } from '../contracts';

// One application's UCTS conversion as the Conversion Preview answers it (docs/ucts-conversion.md):
// the outcome, the HKUST credits, each HKUST course's share and every step of the working, each
// step with its label, from → to and its formula. Laid out as a list, not a table, so it reads at
// 390 px. The application page can show it too: it takes only the per-application result.

const outcomeText: Record<'transfer' | 'no-credit' | 'awaiting-grade', string> = {
  transfer: 'Transfers',
  'no-credit': 'No credit',
  'awaiting-grade': 'Awaiting grade',
};

const outcomeClass: Record<'transfer' | 'no-credit' | 'awaiting-grade', string> = {
  transfer: 'status status--approved',
  'no-credit': 'status status--denied',
  'awaiting-grade': 'status status--pending-review',
};

export function ConversionStepList({
  steps,
  label,
}: {
  steps: readonly ConversionStepView[];
  label: string;
}) {
  return (
    <ol class="conversion-steps" aria-label={label}>
      {steps.map((step, i) => (
        <li class={`conversion-step conversion-step--${step.kind}`} key={`${i}-${step.kind}`}>
          <span class="conversion-step__label">{step.label}</span>
          <span class="conversion-step__move">
            <span>{step.from}</span>
            <span aria-hidden="true"> → </span>
            <span class="visually-hidden"> gives </span>
            <strong>{step.to}</strong>
          </span>
          <code class="conversion-step__formula">{step.formula}</code>
        </li>
      ))}
    </ol>
  );
}

export function ConversionSteps({ result }: { result: ApplicationConversionView }) {
  if (!result.ok) {
    return (
      <div class="conversion" data-ref={result.ref} data-testid="conversion">
        <p class="alert alert--warning" role="status">
          {result.ref} cannot be converted: {result.failure.message}
        </p>
      </div>
    );
  }
  return (
    <div class="conversion" data-ref={result.ref} data-testid="conversion">
      <div class="conversion__outcome">
        <span class={outcomeClass[result.outcome]} data-testid="conversion-outcome">
          {outcomeText[result.outcome]}
        </span>
        <span class="conversion__credits" data-testid="conversion-credits">
          {result.credits} HKUST credits
          {result.outcome === 'transfer' && result.homeGrade ? `, grade "${result.homeGrade}"` : ''}
        </span>
        {result.outcome === 'awaiting-grade' && (
          <span class="muted">{result.creditsIfPassed} if the grades pass</span>
        )}
      </div>
      {result.explanation && <p class="conversion__explanation">{result.explanation}</p>}
      {!result.fullyCovered && result.outcome !== 'no-credit' && (
        <p class="muted conversion__explanation">
          The converted credits do not cover the HKUST courses in full: ARO confirms such an application.
        </p>
      )}
      <ul class="conversion__shares" aria-label={`HKUST courses of ${result.ref}`}>
        {result.home.map((h) => (
          <li key={h.code}>
            <strong>{h.code}</strong> ({h.carries} CR): {h.transferred} transferred
            {h.transferred !== h.ifPassed && <span class="muted"> ({h.ifPassed} if passed)</span>}
          </li>
        ))}
      </ul>
      <ConversionStepList steps={result.steps} label={`How ${result.ref} is converted`} />
    </div>
  );
}
