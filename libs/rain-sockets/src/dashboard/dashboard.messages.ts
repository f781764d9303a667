// Every text of the dashboard a user can read.

export const dashboardForbiddenMessage = () => 'The dashboard is not for you (its guard refused).';

export const dashboardOriginMessage = (origin: string) => `Origin ${JSON.stringify(origin)} may not open the dashboard.`;

export const dashboardGuardFailedMessage = (error: string) => `The dashboard guard failed; access refused: ${error}`;

export const dashboardSnapshotFailedMessage = (error: string) => `The dashboard update failed: ${error}`;
