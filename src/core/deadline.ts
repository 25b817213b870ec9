// Both platforms want a first answer within 3 s. Adapters race the dispatch against their budget:
// in time, the answer goes out at once; late, they acknowledge first and send the answer after.

/** The work's result if it settles within `ms`, else `undefined` (the work goes on either way). */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
