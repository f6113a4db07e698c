/**
 * The steps the SCIM core takes over a request's input, counted where work could outgrow the input (issue 9
 * §4: no tenant may hold a function for seconds with one request). Tests read it to prove that work grows
 * linearly with the input, deterministically, which a clock cannot; production never reads it, and a count
 * costs one addition. Each counted loop adds the items it examines.
 */
export const workMeter = {
  steps: 0,
  count(steps = 1): void {
    workMeter.steps += steps;
  },
};
