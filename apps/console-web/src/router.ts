import { useEffect, useState } from 'react';

/** The few client-side routes; the console process serves index.html for each of them. */
export const Route = {
  Queue: '/',
  Supervisor: '/supervisor',
  Residents: '/manage/residents',
  Responders: '/manage/responders',
  Devices: '/manage/devices',
  Users: '/manage/users',
  Responder: '/responder',
  FollowUps: '/follow-ups',
  CareHours: '/care-hours',
} as const;
export type RoutePath = (typeof Route)[keyof typeof Route];

const ROUTES: readonly string[] = Object.values(Route);

function currentRoute(): RoutePath {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  return (ROUTES.includes(path) ? path : Route.Queue) as RoutePath;
}

export function navigate(to: RoutePath): void {
  if (window.location.pathname === to) return;
  window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): RoutePath {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}
