// The guide's panel beside the incoming course details (§4.2), word for word.

export function InformationRequired() {
  return (
    <aside
      class="info-panel"
      id="information-required"
      tabIndex={-1}
      aria-labelledby="information-required-heading"
    >
      <h3 id="information-required-heading">Information Required for Course Mapping Request</h3>
      <h4>For New Course Mapping Requests</h4>
      <p>Please provide a detailed course syllabus (English version) which should include:</p>
      <ul>
        <li>Course Code &amp; Title</li>
        <li>Course Credit</li>
        <li>Table of Contents</li>
        <li>Teaching Timetable / Schedule of Work</li>
        <li>Assessment Methods</li>
        <li>Reading List, etc.</li>
      </ul>
      <h4>For appeal mapping requests</h4>
      <p>
        You must provide further justification, such as a comparison table demonstrating the equivalence of
        the courses.
      </p>
      <p class="info-panel__note">
        For “N-to-1” (i.e. multiple courses mapped to 1 HKUST course) and “N-to-N” (i.e. multiple courses
        mapped to multiple HKUST courses) mapping requests, please click to “Add Another Incoming Course
        Information”.
      </p>
    </aside>
  );
}
