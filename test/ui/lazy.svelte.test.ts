import { render, screen } from '@testing-library/svelte'
import type { Component, ComponentProps } from 'svelte'
import { expect, test } from 'vitest'
import ActiveFaults from '../../src/ui/ActiveFaults.svelte'
import LazyPart from '../../src/ui/LazyPart.svelte'
import { Lazy } from '../../src/ui/lazy.svelte'
import { World } from '../../src/smtp'

type FaultsModule = { default: typeof ActiveFaults }
type FaultsProps = ComponentProps<typeof ActiveFaults>
/** LazyPart showing ActiveFaults (testing-library's render does not carry a generic component's type parameter). */
const FaultsPart = LazyPart as unknown as Component<{ part: Lazy<FaultsProps>; what: string; props: FaultsProps }>

test('a lazy part is fetched once, when first shown, and at hand at once after that', async () => {
  let fetches = 0
  const part = new Lazy(async (): Promise<FaultsModule> => {
    fetches++
    return { default: ActiveFaults }
  })
  expect(fetches).toBe(0) // nothing until it is shown
  const world = new World()
  world.setFaults([{ kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' }])
  const first = render(FaultsPart, { props: { part, what: 'the faults', props: { world, revision: 0 } } })
  expect(await screen.findByTestId('world-faults')).toHaveTextContent("bob's mailbox is full")
  first.unmount()
  render(FaultsPart, { props: { part, what: 'the faults', props: { world, revision: 0 } } })
  expect(screen.getByTestId('world-faults')).toBeInTheDocument() // no second wait
  expect(fetches).toBe(1)
})

test('a part that cannot be fetched says so, and "Try again" fetches it again', async () => {
  let fail = true
  const part = new Lazy(async (): Promise<FaultsModule> => {
    if (fail) throw new Error('offline')
    return { default: ActiveFaults }
  })
  const world = new World()
  world.setFaults([{ kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' }])
  render(FaultsPart, { props: { part, what: 'the faults', props: { world, revision: 0 } } })
  expect(await screen.findByRole('alert')).toHaveTextContent('The faults could not be fetched from the server')
  fail = false
  screen.getByRole('button', { name: 'Try again' }).click()
  expect(await screen.findByTestId('world-faults')).toHaveTextContent("bob's mailbox is full")
  expect(screen.queryByRole('alert')).toBeNull()
})
