// Placeholder until the study record import job lands (issue 10 item 2).
export const handler = async (): Promise<void> => {};
