// The guide's trail: "Credit Transfer System > My Dashboard > Study Record > Provide Information".

export interface Crumb {
  label: string;
  href?: string | undefined;
}

export function Breadcrumbs({ trail }: { trail: Crumb[] }) {
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        <li>Credit Transfer System</li>
        {trail.map((crumb, i) => (
          <li key={crumb.label}>
            {crumb.href && i < trail.length - 1 ? (
              <a href={crumb.href}>{crumb.label}</a>
            ) : (
              <span aria-current={i === trail.length - 1 ? 'page' : undefined}>{crumb.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
